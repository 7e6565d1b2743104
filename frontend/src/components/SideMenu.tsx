import { SideMenu as DsfrSideMenu } from "@codegouvfr/react-dsfr/SideMenu";

export type SideMenuItem = { text: string; to: string; isActive: boolean };

/** A long space's menu of sub-pages (the back office, a school), as State services do: on the
 *  left from tablet width, folded behind a button on a phone. It is remounted when the current
 *  page changes, so on a phone it folds back and the page shows. */
export function SideMenu({ title, burgerText, items }: { title: string; burgerText: string; items: SideMenuItem[] }) {
  const current = items.find((i) => i.isActive)?.to ?? "";
  return (
    <DsfrSideMenu
      key={current}
      align="left"
      title={title}
      burgerMenuButtonText={burgerText}
      items={items.map((i) => ({ text: i.text, isActive: i.isActive, linkProps: { to: i.to } }))}
    />
  );
}
