import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useEffect, useRef, useState, type ChangeEvent, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { errorMessage, fieldErrors } from "../../api/client";
import { attempt } from "../../api/query";
import { useSession } from "../../auth/session";
import { usePageTitle } from "../../components";
import { categories, categoryLabels, originPage, type SupportCategory } from "./labels";
import { useOpenTicket } from "./queries";

type Values = { category: SupportCategory | ""; subject: string; message: string; name: string; email: string };

/** The contact form (/contact), signed in or not. Signed in, the account is attached and its
 *  name and e-mail are used (an e-mail is asked only when the account has none: pupils signed up
 *  by phone). The page the person came from goes with the message. Pupils are addressed with "tu". */
export function ContactPage() {
  usePageTitle("Nous contacter");
  const { user, loading } = useSession();
  const [params] = useSearchParams();
  const [page] = useState(() => originPage(params.get("depuis"), document.referrer, window.location.origin));
  const open = useOpenTicket();
  const [values, setValues] = useState<Values>({ category: "", subject: "", message: "", name: "", email: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [reference, setReference] = useState<string | null>(null);
  const failureRef = useRef<HTMLDivElement>(null);
  const doneRef = useRef<HTMLHeadingElement>(null);

  const pupil = user?.role === "student";
  const askEmail = !user || !user.email;

  useEffect(() => {
    if (reference) doneRef.current?.focus();
  }, [reference]);
  useEffect(() => {
    if (failure) failureRef.current?.focus();
  }, [failure]);

  const field = (name: keyof Values) => ({
    name,
    value: values[name],
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => setValues({ ...values, [name]: e.target.value }),
  });
  const state = (name: string) => (errors[name] ? { state: "error" as const, stateRelatedMessage: errors[name] } : {});

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    if (!values.category) {
      setErrors({ category: pupil ? "Choisis le sujet de ton message." : "Choisissez le sujet de votre message." });
      setFailure("Un champ est à compléter.");
      return;
    }
    const { ok, data, error } = await attempt(
      open.mutateAsync({
        category: values.category,
        subject: values.subject.trim(),
        message: values.message.trim(),
        page,
        name: user ? undefined : values.name.trim(),
        email: askEmail ? values.email.trim() : undefined,
      }),
    );
    if (!ok) {
      setErrors(fieldErrors(error));
      setFailure(errorMessage(error));
      return;
    }
    setErrors({});
    setReference(data.reference);
  }

  if (reference) {
    const answerTo = askEmail ? values.email.trim() : user?.email;
    return (
      <div className={fr.cx("fr-grid-row", "fr-grid-row--center")}>
        <div className={fr.cx("fr-col-12", "fr-col-md-8")}>
          <h1 ref={doneRef} tabIndex={-1}>
            {pupil ? "Ta demande est envoyée" : "Votre demande est envoyée"}
          </h1>
          <Alert
            severity="success"
            role="status"
            title={`${pupil ? "Ta" : "Votre"} demande n° ${reference} est bien reçue`}
            description={`Une réponse arrive par e-mail${answerTo ? ` à ${answerTo}` : ""}. ${
              pupil ? "Garde ce numéro : il est aussi dans l'e-mail de confirmation." : "Gardez ce numéro : il figure aussi dans l'e-mail de confirmation."
            }`}
          />
          <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline-md", "fr-mt-4w")}>
            <li>
              <Button linkProps={{ to: user ? "/espace" : "/" }}>{user ? "Retour à mon espace" : "Retour à l'accueil"}</Button>
            </li>
            <li>
              <Button priority="secondary" linkProps={{ to: "/faq" }}>
                Foire aux questions
              </Button>
            </li>
          </ul>
        </div>
      </div>
    );
  }

  return (
    <div className={fr.cx("fr-grid-row", "fr-grid-row--center")}>
      <div className={fr.cx("fr-col-12", "fr-col-md-8")}>
        <h1>Nous contacter</h1>
        <p className={fr.cx("fr-text--lead")}>
          {pupil
            ? "Une question, un compte bloqué, un souci avec une offre ou une convention ? Écris-nous : l'équipe Passerelle te répond par e-mail."
            : "Une question, un compte bloqué, un souci avec une offre ou une convention ? Écrivez-nous : l'équipe Passerelle vous répond par e-mail."}
        </p>
        <p>
          {pupil ? "Ta réponse est peut-être déjà dans la " : "Votre réponse est peut-être déjà dans la "}
          <Link to="/faq">foire aux questions</Link>.
        </p>
        {failure && (
          <div ref={failureRef} tabIndex={-1} className={fr.cx("fr-mb-3w")}>
            <Alert severity="error" role="alert" title="Envoi impossible" description={failure} />
          </div>
        )}
        <form onSubmit={submit} noValidate aria-labelledby="contact-titre">
          <h2 id="contact-titre" className={fr.cx("fr-h4")}>
            {pupil ? "Ton message" : "Votre message"}
          </h2>
          <p className={fr.cx("fr-text--sm")}>Tous les champs sont obligatoires.</p>
          {user && (
            <div className={fr.cx("fr-mb-3w")}>
              <p className={fr.cx("fr-mb-1v")}>
                {pupil ? "Tu écris en tant que " : "Vous écrivez en tant que "}
                <strong>
                  {user.first_name} {user.last_name}
                </strong>
                {user.email && (
                  <>
                    {" "}
                    ; la réponse arrivera à <strong>{user.email}</strong>
                  </>
                )}
                .
              </p>
              <p className={fr.cx("fr-text--sm", "fr-mb-0")}>
                {pupil ? "Ton compte est joint au message" : "Votre compte est joint au message"}
                {page ? (pupil ? ", avec la page d'où tu écris" : ", avec la page d'où vous écrivez") : ""}.
              </p>
            </div>
          )}
          {!user && !loading && (
            <Input label="Nom et prénom" {...state("name")} nativeInputProps={{ ...field("name"), autoComplete: "name", required: true, maxLength: 200 }} />
          )}
          {askEmail && !loading && (
            <Input
              label="Adresse e-mail"
              hintText={
                !user
                  ? "La réponse arrivera à cette adresse. Format : nom@exemple.fr"
                  : pupil
                    ? "Ton compte n'a pas d'adresse e-mail : la réponse arrivera à celle-ci. Format : nom@exemple.fr"
                    : "Votre compte n'a pas d'adresse e-mail : la réponse arrivera à celle-ci. Format : nom@exemple.fr"
              }
              {...state("email")}
              nativeInputProps={{ ...field("email"), type: "email", autoComplete: "email", required: true, spellCheck: false }}
            />
          )}
          <Select
            label="Sujet"
            hint={pupil ? "Choisis ce qui ressemble le plus à ta question." : "Choisissez ce qui ressemble le plus à votre question."}
            {...state("category")}
            nativeSelectProps={{ ...field("category"), required: true }}
          >
            <option value="" disabled>
              Choisir un sujet
            </option>
            {categories.map((c) => (
              <option key={c} value={c}>
                {categoryLabels[c]}
              </option>
            ))}
          </Select>
          {values.category === "personal_data" && (
            <p className={fr.cx("fr-text--sm")}>
              Les messages sur les données personnelles ne sont lus que par les administrateurs de Passerelle. Voir aussi{" "}
              <Link to="/confidentialite">la politique de confidentialité</Link>.
            </p>
          )}
          <Input label="Objet" hintText="En quelques mots" {...state("subject")} nativeInputProps={{ ...field("subject"), required: true, maxLength: 200 }} />
          <Input
            textArea
            label="Message"
            hintText={
              pupil
                ? "Explique ce qui se passe et ce que tu as déjà essayé. N'écris pas de mot de passe."
                : "Expliquez ce qui se passe et ce que vous avez déjà essayé. N'écrivez aucun mot de passe."
            }
            {...state("message")}
            nativeTextAreaProps={{ ...field("message"), rows: 8, required: true, maxLength: 6000 }}
          />
          {errors.page && <p className={fr.cx("fr-error-text")}>{errors.page}</p>}
          <Button type="submit" disabled={open.isPending}>
            {open.isPending ? "Envoi en cours…" : "Envoyer le message"}
          </Button>
        </form>
      </div>
    </div>
  );
}
