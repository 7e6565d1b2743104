import { useEffect } from "react";

/** Sets the document title: each page says where you are (RGAA 8.6). */
export function usePageTitle(title: string) {
  useEffect(() => {
    document.title = `${title} – Passerelle`;
  }, [title]);
}
