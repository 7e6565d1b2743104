// The DSFR helpers `fr` as Passerelle uses them, without the colour tables (issue 31).
//
// react-dsfr's `fr` object holds `fr.colors`: every colour decision of the design system with
// the code that turns them into hex values (177 KB, 9 KB compressed), and its components import
// that object for `fr.cx` alone, so the first screen would load and run it all. vite.config.ts
// gives this module to every import of react-dsfr's `fr` (ours and its components'). Colours are
// imported where needed: `import { colors } from "@codegouvfr/react-dsfr/fr/colors"`.
import { breakpoints } from "@codegouvfr/react-dsfr/fr/breakpoints";
import { cx } from "@codegouvfr/react-dsfr/fr/cx";
import { spacing } from "@codegouvfr/react-dsfr/fr/spacing";

/** The page's background colour per scheme (the DSFR's `background.default.grey.default`), the
 *  one colour react-dsfr reads at start (for `<meta name="theme-color">`). */
export const themeBackground = { light: "#ffffff", dark: "#161616" } as const;

/** The DSFR's artwork colours of the offers' map (light scheme): blue France for the searched
 *  place, red Marianne for the offers. */
export const mapColors = { center: "#000091", offer: "#c9191e" } as const;

const colors = {
  getHex: ({ isDark }: { isDark: boolean }) => ({
    decisions: { background: { default: { grey: { default: isDark ? themeBackground.dark : themeBackground.light } } } },
  }),
};

export const fr = { breakpoints, cx, spacing, colors };
