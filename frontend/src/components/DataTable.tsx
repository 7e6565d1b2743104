import { fr } from "@codegouvfr/react-dsfr";
import type { ReactNode } from "react";

/** A DSFR table whose scrolling area can be reached with the keyboard (RGAA 7.3 / axe
 *  scrollable-region-focusable): on a phone, wide tables scroll sideways. */
export function DataTable({
  caption,
  headers,
  rows,
  hideCaption,
  empty,
}: {
  caption: string;
  headers: string[];
  rows: ReactNode[][];
  /** The caption is read out but not shown (a table under a heading that already says it). */
  hideCaption?: boolean;
  /** Said instead of the table when it has no row: headers over nothing read as a fault. */
  empty?: string;
}) {
  if (rows.length === 0 && empty) {
    return (
      <div className={fr.cx("fr-mb-5w")}>
        {!hideCaption && <p className={fr.cx("fr-text--lg", "fr-text--bold", "fr-mb-1w")}>{caption}</p>}
        <p>{empty}</p>
      </div>
    );
  }
  return (
    <div className={fr.cx("fr-table", hideCaption && "fr-table--no-caption")}>
      <div className={fr.cx("fr-table__wrapper")}>
        <div className={fr.cx("fr-table__container")}>
          <div className={fr.cx("fr-table__content")}>
            {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a table wider than the screen scrolls: the keyboard must reach it (RGAA 7.3, axe scrollable-region-focusable) */}
            <table tabIndex={0}>
              <caption>{caption}</caption>
              <thead>
                <tr>
                  {headers.map((h) => (
                    <th key={h} scope="col">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => (
                  <tr key={i}>
                    {r.map((cell, j) =>
                      j === 0 ? (
                        <th key={j} scope="row">
                          {cell}
                        </th>
                      ) : (
                        <td key={j}>{cell}</td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </div>
    </div>
  );
}
