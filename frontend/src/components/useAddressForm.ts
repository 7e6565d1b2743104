import { useState, type ChangeEvent } from "react";

/** The fields of a filter form whose filters live in the address: they show the filters of the
 *  page shown (the back button changes them) and keep what is being typed otherwise. `addressKey`
 *  names the address's filters (their query string); the form stays mounted across lists, so the
 *  focus stays on its button once the new list is read out. */
export function useAddressForm<V extends Record<string, string>>(fromAddress: V, addressKey: string) {
  const [shownKey, setShownKey] = useState(addressKey);
  const [values, setValues] = useState(fromAddress);
  if (shownKey !== addressKey) {
    setShownKey(addressKey);
    setValues(fromAddress);
  }
  const field = (name: keyof V & string) => ({
    name,
    value: values[name],
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setValues({ ...values, [name]: e.target.value }),
  });
  return { values, field };
}
