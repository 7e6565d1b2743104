import { fr } from "@codegouvfr/react-dsfr";
import { Link } from "react-router-dom";
import { usePageTitle } from "../../components";
import { modelDocuments } from "./documents";

/** "Documents utiles" (/documents-utiles): the printable models the product generates, each with
 *  who needs it. Public: families and hosts print them before having an account. */
export function DocumentsPage() {
  usePageTitle("Documents utiles");
  return (
    <div className={fr.cx("fr-grid-row")}>
      <div className={fr.cx("fr-col-12", "fr-col-md-10", "fr-col-lg-8")}>
        <h1>Documents utiles</h1>
        <p className={fr.cx("fr-text--lead")}>
          Les modèles à imprimer pour préparer un stage d'observation. Ils reprennent les mêmes textes que les documents remplis dans Passerelle.
        </p>
        {modelDocuments.map((d) => (
          <section key={d.file} aria-labelledby={`doc-${d.file}`} className={fr.cx("fr-mb-4w")}>
            <h2 id={`doc-${d.file}`} className={fr.cx("fr-h4", "fr-mb-1w")}>
              {d.title}
            </h2>
            <p className={fr.cx("fr-mb-1w")}>
              <strong>{d.audience}</strong> {d.use}
            </p>
            <p>
              {/* The DSFR download link (fr-link--download): the format under the words. */}
              <a className={fr.cx("fr-link", "fr-link--download")} href={d.href} type="application/pdf">
                {d.link}
                <span className={fr.cx("fr-link__detail")}>PDF, à imprimer</span>
              </a>
            </p>
          </section>
        ))}
        <p>
          Une question sur ces documents ? Voir les <Link to="/guides">guides</Link>, la <Link to="/faq">foire aux questions</Link>, ou{" "}
          <Link to="/contact?depuis=%2Fdocuments-utiles">nous contacter</Link>.
        </p>
      </div>
    </div>
  );
}
