// Stand-ins for the parts of react-dsfr's Header and MainNavigation that Passerelle never shows
// (vite.config.ts gives them to those two files only, issue 31): the display settings dialog
// (`disableDisplay`), the header's search bar (no `renderSearchInput`) and the mega menus (plain
// links only). Without them the first screen's code is about 20 KB (6 KB compressed) lighter.
// Using one of these features: remove its line from HEADER_STUBS in vite.config.ts.

/** Header renders it unless `disableDisplay`, which Layout always sets. */
export function Display(): null {
  return null;
}

/** Rendered only with a search bar in the header. */
export function SearchButton(): null {
  return null;
}

/** Header asks for the search bar's words even without a search bar; they are shown only with it. */
export function useTranslation() {
  return { t: (key: string) => key };
}

/** Rendered only for a navigation item with `megaMenu`. */
export function MegaMenu(): null {
  return null;
}

/** Re-exported by MainNavigation's index (which Header imports): for mega menus' words only. */
export function addMegaMenuTranslations(): void {}
