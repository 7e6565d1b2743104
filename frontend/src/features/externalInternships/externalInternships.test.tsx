import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { components } from "../../api/client";
import { coverageLabels, externalInternshipStatusLabels } from "../../i18n";
import { server } from "../../test/server";
import { renderAt } from "../../test/render";
import { nextStep, phaseOf } from "../pupils/nextStep";
import { CoverageSection, schoolCoverageCells, territoryCoverageCells } from "../reporting/CoverageSection";
import { draftErrors, serverFieldErrors, toRequest } from "./ExternalInternshipForm";
import { ExternalInternshipPage, weeksSentence } from "./ExternalInternshipPage";
import { ElsewhereToValidate, PupilElsewhereSection, reasonProblem } from "./SchoolExternal";
import type { ExternalInternship } from "./queries";

type Profile = components["schemas"]["MyPupilProfile"];

const pupil = {
  id: "p1",
  email: "ines@exemple.fr",
  phone: null,
  role: "student",
  first_name: "Inès",
  last_name: "Moreau",
  confirmed: true,
  created_at: "2026-09-01T08:00:00Z",
  totp_enabled: false,
  totp_required: false,
};

const profile = (over: Partial<Profile> = {}): Profile => ({
  school: { uai: "0750478M", name: "Collège Jean-Baptiste Clément" } as Profile["school"],
  class: { id: "c1", school_year: "2026-2027", name: "3e A", grade: "troisieme" },
  internship_weeks: [],
  weeks_needed: 1,
  gender: "not_stated",
  legal_representatives: [],
  cv: { interests: "", skills: "", languages: "", activities: "" },
  consent_date: null,
  can_search: false,
  blocked: { code: "CONSENT_REQUIRED", message: "…" },
  join_status: "active",
  ...over,
});

const record = (over: Partial<ExternalInternship> = {}): ExternalInternship => ({
  id: "e1",
  pupil_id: "p1",
  pupil_name: null,
  class_name: null,
  school_year: "2026-2027",
  status: "declared",
  host_name: "Boulangerie Martin",
  siret: null,
  street: "12 rue de la Paix",
  postal_code: "75002",
  city: "Paris",
  weeks: ["2027-W03"],
  agreement_uploaded: false,
  declared_by_pupil: true,
  declared_at: "2026-12-01T08:00:00Z",
  decided_at: null,
  rejection_reason: null,
  ...over,
});

function signedInAs(user: typeof pupil) {
  server.use(http.post("*/api/v1/auth/refresh", () => HttpResponse.json({ access_token: "t", token_type: "Bearer", expires_in: 900, user })));
}

describe("the words of internships found elsewhere", () => {
  it("name each status and each coverage in French", () => {
    expect(externalInternshipStatusLabels).toEqual({ declared: "En attente de validation", validated: "Validé", rejected: "Refusé" });
    expect(coverageLabels.elsewhere).toBe("Trouvé hors plateforme");
    expect(coverageLabels.platform).toBe("Stage trouvé sur Passerelle");
  });

  it("check the form before sending, in the reader's voice", () => {
    const empty = { host_name: "", siret: "", street: "", postal_code: "", city: "", weeks: [] };
    expect(Object.keys(draftErrors(empty, "tu", 1)).sort()).toEqual(["city", "host_name", "postal_code", "street", "weeks"]);
    expect(draftErrors(empty, "tu", 1).weeks).toBe("Choisis la semaine de ton stage.");
    expect(draftErrors(empty, "vous", 2).weeks).toBe("Choisissez une ou deux semaines de stage.");
    const ok = { host_name: "Boulangerie", siret: "732 829 320 00074", street: "1 rue X", postal_code: "75002", city: "Paris", weeks: ["2027-W03"] };
    expect(draftErrors(ok, "tu", 1)).toEqual({});
    expect(draftErrors({ ...ok, siret: "123" }, "tu", 1).siret).toMatch(/14 chiffres/);
    expect(draftErrors({ ...ok, weeks: ["2027-W03", "2027-W04"] }, "tu", 1).weeks).toBeDefined();
    expect(toRequest(ok)).toEqual({
      host_name: "Boulangerie",
      siret: "73282932000074",
      street: "1 rue X",
      postal_code: "75002",
      city: "Paris",
      weeks: ["2027-W03"],
    });
    expect(toRequest({ ...ok, siret: " " }).siret).toBeNull();
  });

  it("put the server's week messages on the weeks' question", () => {
    const error = { status: 422, fields: { "weeks[0]": ["Pas une semaine de stage."], postal_code: ["Code postal à 5 chiffres."] } };
    expect(serverFieldErrors(error)).toEqual({ weeks: "Pas une semaine de stage.", postal_code: "Code postal à 5 chiffres." });
  });

  it("ask a refusal's reason of 5 to 500 characters", () => {
    expect(reasonProblem("non")).not.toBeNull();
    expect(reasonProblem("    La semaine ne correspond pas.  ")).toBeNull();
    expect(reasonProblem("x".repeat(501))).not.toBeNull();
  });
});

describe("the pupil's next step", () => {
  const me = profile();
  it("says the internship is found once the school validated it", () => {
    const step = nextStep(me, [], [], "2026-12-07", new Date("2026-12-07T10:00:00Z"), [record({ status: "validated" })]);
    expect(step.key).toBe("found_elsewhere");
    expect(step.title).toBe("Ton stage est trouvé");
    expect(step.text).toContain("Boulangerie Martin");
    expect(step.text).toContain("convention signée");
    expect(phaseOf(step.key)).toBe(5);
  });

  it("waits for the school while a declaration is pending; once refused, the parents' consent stays the step to take first", () => {
    expect(nextStep(me, [], [], "2026-12-07", undefined, [record()]).key).toBe("elsewhere_pending");
    expect(nextStep(me, [], [], "2026-12-07", undefined, [record({ status: "rejected" })]).key).toBe("consent");
  });

  it("in seconde, one validated week of two is not enough", () => {
    const seconde = profile({ class: { id: "c2", school_year: "2026-2027", name: "2de B", grade: "seconde" } });
    const one = record({ status: "validated", weeks: ["2027-W24"] });
    expect(nextStep(seconde, [], [], "2026-12-07", undefined, [one]).key).not.toBe("found_elsewhere");
    const two = record({
      status: "validated",
      weeks: ["2027-W24", "2027-W25"],
    });
    expect(nextStep(seconde, [], [], "2026-12-07", undefined, [two]).key).toBe("found_elsewhere");
  });
});

describe("ExternalInternshipPage (the pupil)", () => {
  function serve(list: () => ExternalInternship[], me: Profile = profile(), applications: unknown[] = []) {
    signedInAs(pupil);
    server.use(
      http.get("*/api/v1/pupils/me", () => HttpResponse.json(me)),
      http.get("*/api/v1/pupils/me/applications", () => HttpResponse.json(applications)),
      http.get("*/api/v1/pupils/me/external-internships", () => HttpResponse.json(list())),
    );
  }

  it("shows what is missing at each field, then the server's refusal at the weeks, then the declaration waiting", async () => {
    let items: ExternalInternship[] = [];
    const sent: unknown[] = [];
    serve(() => items);
    let answer = 0;
    server.use(
      http.post("*/api/v1/pupils/me/external-internships", async ({ request }) => {
        sent.push(await request.json());
        answer += 1;
        if (answer === 1) {
          return HttpResponse.json(
            {
              code: "VALIDATION_ERROR",
              message: "Certains champs sont invalides. Merci de les corriger.",
              fields: { "weeks[0]": ["Ce n'est pas une semaine de stage de l'établissement."] },
            },
            { status: 422 },
          );
        }
        items = [record()];
        return HttpResponse.json(record(), { status: 201 });
      }),
    );
    renderAt("/eleve/stage-hors-plateforme", <ExternalInternshipPage />);
    expect(await screen.findByRole("heading", { level: 1, name: "Mon stage trouvé en dehors de Passerelle" })).toBeInTheDocument();
    expect(screen.getByText(/ton professeur principal ou ton chef d'établissement le vérifie puis le valide/)).toBeInTheDocument();
    expect(screen.getByText(/Si tu as déjà la convention de stage signée, joins-la/)).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Envoyer ma déclaration" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Corrige les champs signalés ci-dessous.");
    expect(screen.getByText("Indique le nom de l'organisme qui t'accueille.")).toBeInTheDocument();
    expect(screen.getByText("Indique le code postal : 5 chiffres.")).toBeInTheDocument();
    expect(screen.getByText("Choisis la semaine de ton stage.")).toBeInTheDocument();
    expect(screen.getByLabelText(/^Nom de l'organisme qui t'accueille/)).toHaveAccessibleDescription(expect.stringContaining("Indique le nom"));
    expect(sent).toEqual([]);

    await userEvent.type(screen.getByLabelText(/^Nom de l'organisme qui t'accueille/), "Boulangerie Martin");
    await userEvent.type(screen.getByLabelText(/^Adresse du lieu de stage/), "12 rue de la Paix");
    await userEvent.type(screen.getByLabelText("Code postal"), "75002");
    await userEvent.type(screen.getByLabelText("Commune"), "Paris");
    // The collège set no week (the profile has none): any week of the school year, as the API takes.
    expect(screen.getByText(/Ton établissement n'a pas fixé de semaine de stage pour ta classe/)).toBeInTheDocument();
    expect(screen.getByText("En troisième, ton stage dure une semaine.")).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText(/^Semaine de ton stage/), "2027-W03");
    await userEvent.click(screen.getByRole("button", { name: "Envoyer ma déclaration" }));
    expect(await screen.findByText("Ce n'est pas une semaine de stage de l'établissement.")).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("Certains champs sont invalides. Merci de les corriger.");
    expect(sent[0]).toEqual({
      host_name: "Boulangerie Martin",
      siret: null,
      street: "12 rue de la Paix",
      postal_code: "75002",
      city: "Paris",
      weeks: ["2027-W03"],
    });

    await userEvent.click(screen.getByRole("button", { name: "Envoyer ma déclaration" }));
    expect(await screen.findByText("Ta déclaration est envoyée à ton établissement : il va la vérifier puis la valider.")).toBeInTheDocument();
    const card = (await screen.findByRole("heading", { level: 3, name: "Boulangerie Martin" })).closest(".fr-card") as HTMLElement;
    expect(within(card).getByText("En attente de validation")).toBeInTheDocument();
    expect(within(card).getByLabelText(/^Joindre la convention signée/)).toBeInTheDocument();
    expect(within(card).getByRole("button", { name: "Retirer ma déclaration" })).toBeInTheDocument();
    // A collège's one week is taken: no second form.
    expect(screen.queryByRole("button", { name: "Envoyer ma déclaration" })).not.toBeInTheDocument();
  });

  it("offers the pupil's internship weeks from their profile, the only one chosen already", async () => {
    // No search request: the profile says the weeks (any other request fails the test).
    serve(() => [], profile({ can_search: true, blocked: null, internship_weeks: ["2027-W03"] }));
    renderAt("/eleve/stage-hors-plateforme", <ExternalInternshipPage />);
    const week = await screen.findByRole("radio", { name: "Semaine du 18 janvier 2027" });
    expect(week).toBeChecked();
    expect(screen.getAllByRole("radio")).toHaveLength(1);
    expect(screen.queryByText(/n'a pas fixé de semaine de stage/)).not.toBeInTheDocument();
  });

  it("in seconde, offers the weeks of the profile to tick, one or both, and says the internship lasts two weeks", async () => {
    serve(
      () => [],
      profile({
        class: { id: "c2", school_year: "2026-2027", name: "2de B", grade: "seconde" },
        internship_weeks: ["2027-W24", "2027-W25"],
        weeks_needed: 2,
      }),
    );
    const sent: unknown[] = [];
    server.use(
      http.post("*/api/v1/pupils/me/external-internships", async ({ request }) => {
        sent.push(await request.json());
        return HttpResponse.json(record(), { status: 201 });
      }),
    );
    renderAt("/eleve/stage-hors-plateforme", <ExternalInternshipPage />);
    const first = await screen.findByRole("checkbox", { name: "Semaine du 14 juin 2027" });
    const second = screen.getByRole("checkbox", { name: "Semaine du 21 juin 2027" });
    expect(screen.getByText("En seconde, ton stage dure deux semaines.")).toBeInTheDocument();
    expect(screen.getByText(/et les semaines de ton stage/)).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/^Nom de l'organisme qui t'accueille/), "Garage Dupont");
    await userEvent.type(screen.getByLabelText(/^Adresse du lieu de stage/), "3 rue Haute");
    await userEvent.type(screen.getByLabelText("Code postal"), "75011");
    await userEvent.type(screen.getByLabelText("Commune"), "Paris");
    await userEvent.click(screen.getByRole("button", { name: "Envoyer ma déclaration" }));
    expect(await screen.findByText("Choisis une ou deux semaines de stage.")).toBeInTheDocument();
    await userEvent.click(first);
    await userEvent.click(second);
    await userEvent.click(screen.getByRole("button", { name: "Envoyer ma déclaration" }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect((sent[0] as { weeks: unknown }).weeks).toEqual(["2027-W24", "2027-W25"]);
  });

  it("in seconde without any week set yet, explains there is nothing to choose instead of offering weeks the API refuses", async () => {
    serve(() => [], profile({ class: { id: "c2", school_year: "2026-2027", name: "2de B", grade: "seconde" }, internship_weeks: [], weeks_needed: 2 }));
    renderAt("/eleve/stage-hors-plateforme", <ExternalInternshipPage />);
    expect(await screen.findByText(/Les semaines de stage de seconde ne sont pas encore fixées pour cette année/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Envoyer ma déclaration" })).not.toBeInTheDocument();
    expect(screen.queryByLabelText(/^Semaine de ton stage/)).not.toBeInTheDocument();
  });

  it("says how long the internship lasts from the profile, nothing while it is unknown", () => {
    expect(weeksSentence(profile())).toBe("En troisième, ton stage dure une semaine.");
    expect(weeksSentence(profile({ class: { id: "c4", school_year: "2026-2027", name: "4e A", grade: "quatrieme" } }))).toBe(
      "En quatrième, ton stage dure une semaine.",
    );
    expect(weeksSentence(profile({ class: { id: "c2", school_year: "2026-2027", name: "2de B", grade: "seconde" }, weeks_needed: 2 }))).toBe(
      "En seconde, ton stage dure deux semaines.",
    );
    // 0 before a class (the API will say null): unknown, not "0 semaine".
    expect(weeksSentence(profile({ class: null, weeks_needed: null }))).toBeNull();
  });

  it("before a class, the length of the internship is not told (weeks_needed null)", async () => {
    serve(() => [], profile({ class: null, internship_weeks: [], weeks_needed: null, join_status: null }));
    renderAt("/eleve/stage-hors-plateforme", <ExternalInternshipPage />);
    expect(await screen.findByText(/Rejoins d'abord ta classe/)).toBeInTheDocument();
    expect(screen.queryByText(/ton stage dure/)).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Envoyer ma déclaration" })).not.toBeInTheDocument();
  });

  it("has nothing to declare once the internship is confirmed on Passerelle (collège)", async () => {
    serve(() => [], profile({ can_search: false }), [
      {
        id: "a1",
        offer_id: "o1",
        offer_title: "Découvrir l'électricité",
        organisation_name: "Atelier Lumière",
        city: "Paris",
        status: "confirmed",
        weeks: ["2027-W03"],
        motivation: "",
        submitted_at: "2026-11-03T10:00:00Z",
        expires_at: null,
        next_step: "",
      },
    ]);
    renderAt("/eleve/stage-hors-plateforme", <ExternalInternshipPage />);
    expect(await screen.findByText("Ton stage est déjà confirmé sur Passerelle : tu n'as rien à déclarer ici.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Envoyer ma déclaration" })).not.toBeInTheDocument();
  });

  it("reads each status: refused with its reason, validated says the internship is found; a refused one may be deleted", async () => {
    const items = [
      record({ id: "e1", status: "rejected", host_name: "Garage Dupont", rejection_reason: "La semaine ne correspond pas." }),
      record({ id: "e2", status: "validated", host_name: "Boulangerie Martin", agreement_uploaded: true }),
    ];
    serve(() => items);
    let deleted = "";
    server.use(
      http.delete("*/api/v1/pupils/me/external-internships/:id", ({ params }) => {
        deleted = String(params.id);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    renderAt("/eleve/stage-hors-plateforme", <ExternalInternshipPage />);
    expect(await screen.findByRole("heading", { name: "Ton stage est trouvé" })).toBeInTheDocument();
    const refused = screen.getByRole("heading", { level: 3, name: "Garage Dupont" }).closest(".fr-card") as HTMLElement;
    expect(within(refused).getByText("Refusé")).toBeInTheDocument();
    expect(within(refused).getByText("La semaine ne correspond pas.")).toBeInTheDocument();
    const validated = screen.getByRole("heading", { level: 3, name: "Boulangerie Martin" }).closest(".fr-card") as HTMLElement;
    expect(within(validated).getByText("Validé")).toBeInTheDocument();
    expect(within(validated).getByText("Convention signée jointe")).toBeInTheDocument();
    // Validated: nothing left to do for the pupil, nothing to withdraw.
    expect(within(validated).queryByRole("button")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Envoyer ma déclaration" })).not.toBeInTheDocument();

    await userEvent.click(within(refused).getByRole("button", { name: "Supprimer cette déclaration" }));
    await userEvent.click(within(refused).getByRole("button", { name: "Confirmer le retrait" }));
    await waitFor(() => expect(deleted).toBe("e1"));
    expect(await screen.findByText("Ta déclaration du stage chez Garage Dupont est retirée.")).toBeInTheDocument();
  });
});

describe("ElsewhereToValidate (the school's follow-up)", () => {
  const staff = { ...pupil, id: "s1", role: "school_staff", first_name: "Claire", last_name: "Martin" };

  it("validates a declaration, and a refusal asks for its reason first", async () => {
    signedInAs(staff);
    let pending = [
      record({ id: "e1", pupil_id: "p1", pupil_name: "Inès Moreau", class_name: "3e A", agreement_uploaded: true }),
      record({ id: "e2", pupil_id: "p2", pupil_name: "Hugo Petit", class_name: "3e A", host_name: "Garage Dupont" }),
    ];
    const decisions: { id: string; body: unknown }[] = [];
    server.use(
      http.get("*/api/v1/schools/:uai/external-internships", ({ request }) => {
        expect(new URL(request.url).searchParams.get("status")).toBe("declared");
        return HttpResponse.json(pending);
      }),
      http.post("*/api/v1/schools/:uai/external-internships/:id/decision", async ({ params, request }) => {
        const body = (await request.json()) as { approved: boolean };
        decisions.push({ id: String(params.id), body });
        pending = pending.filter((p) => p.id !== params.id);
        return HttpResponse.json(record({ id: String(params.id), status: body.approved ? "validated" : "rejected" }));
      }),
    );
    renderAt("/etablissement/0750478M", <ElsewhereToValidate uai="0750478M" count={2} />, "/etablissement/:uai");
    expect(await screen.findByRole("heading", { name: "Stages trouvés hors plateforme à valider (2)" })).toBeInTheDocument();
    const ines = (await screen.findByRole("heading", { level: 4, name: "Inès Moreau (3e A)" })).closest(".fr-card") as HTMLElement;
    expect(within(ines).getByText("Boulangerie Martin")).toBeInTheDocument();
    expect(within(ines).getByRole("button", { name: "Voir la convention signée d'Inès Moreau" })).toBeInTheDocument();
    await userEvent.click(within(ines).getByRole("button", { name: "Valider le stage d'Inès Moreau" }));
    expect(await screen.findByText(/Stage d'Inès Moreau chez Boulangerie Martin validé/)).toBeInTheDocument();
    expect(decisions).toEqual([{ id: "e1", body: { approved: true } }]);
    expect(await screen.findByRole("heading", { name: "Stages trouvés hors plateforme à valider (1)" })).toBeInTheDocument();
    // Her card left with the button pressed: the focus is on the outcome, not lost on the page's body.
    await waitFor(() => expect(screen.getByRole("status").parentElement).toHaveFocus());

    const hugo = screen.getByRole("heading", { level: 4, name: "Hugo Petit (3e A)" }).closest(".fr-card") as HTMLElement;
    await userEvent.click(within(hugo).getByRole("button", { name: "Refuser le stage d'Hugo Petit" }));
    await userEvent.type(within(hugo).getByLabelText(/^Raison du refus/), "non");
    await userEvent.click(within(hugo).getByRole("button", { name: "Confirmer le refus" }));
    expect(await within(hugo).findByText("Indiquez la raison pour l'élève (5 à 500 caractères).")).toBeInTheDocument();
    expect(decisions).toHaveLength(1);
    await userEvent.clear(within(hugo).getByLabelText(/^Raison du refus/));
    await userEvent.type(within(hugo).getByLabelText(/^Raison du refus/), "La semaine ne correspond pas.");
    await userEvent.click(within(hugo).getByRole("button", { name: "Confirmer le refus" }));
    expect(await screen.findByText("Déclaration d'Hugo Petit refusée : l'élève est prévenu et lit la raison.")).toBeInTheDocument();
    expect(decisions[1]).toEqual({ id: "e2", body: { approved: false, reason: "La semaine ne correspond pas." } });
    // Nothing left: the answer's notice stays, with one short sentence instead of a count of 0 and the instructions.
    expect(await screen.findByText("Aucune déclaration à valider.")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Stages trouvés hors plateforme à valider" })).toBeInTheDocument();
    expect(screen.queryByText(/Vérifiez l'organisme et la semaine/)).not.toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("Déclaration d'Hugo Petit refusée");
  });

  it("takes the keyboard's focus to the reason when refusing, and back to « Refuser » on cancelling", async () => {
    signedInAs(staff);
    server.use(
      http.get("*/api/v1/schools/:uai/external-internships", () =>
        HttpResponse.json([record({ id: "e2", pupil_id: "p2", pupil_name: "Hugo Petit", class_name: "3e A", host_name: "Garage Dupont" })]),
      ),
    );
    const user = userEvent.setup();
    renderAt("/etablissement/0750478M", <ElsewhereToValidate uai="0750478M" count={1} />, "/etablissement/:uai");
    const hugo = (await screen.findByRole("heading", { level: 4, name: "Hugo Petit (3e A)" })).closest(".fr-card") as HTMLElement;
    const refuse = within(hugo).getByRole("button", { name: "Refuser le stage d'Hugo Petit" });
    refuse.focus();
    await user.keyboard("{Enter}");
    // The button pressed is gone: focus is on the field to fill, not left on the page's body.
    expect(within(hugo).getByLabelText(/^Raison du refus/)).toHaveFocus();
    await user.tab();
    await user.tab();
    expect(within(hugo).getByRole("button", { name: "Annuler" })).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(within(hugo).queryByLabelText(/^Raison du refus/)).not.toBeInTheDocument();
    expect(within(hugo).getByRole("button", { name: "Refuser le stage d'Hugo Petit" })).toHaveFocus();
    // Escape closes it too, as a modal would.
    await user.keyboard("{Enter}");
    expect(within(hugo).getByLabelText(/^Raison du refus/)).toHaveFocus();
    await user.keyboard("{Escape}");
    expect(within(hugo).queryByLabelText(/^Raison du refus/)).not.toBeInTheDocument();
    expect(within(hugo).getByRole("button", { name: "Refuser le stage d'Hugo Petit" })).toHaveFocus();
  });
});

describe("PupilElsewhereSection (a pupil's file)", () => {
  const staff = { ...pupil, id: "s1", role: "school_staff", first_name: "Claire", last_name: "Martin" };

  /** The file of a seconde pupil at a lycée that set no weeks of its own; `classes`: this year's. */
  async function openSecondeRecord(classes: unknown[], { kind = "lycee", grade }: { kind?: string; grade?: "seconde" } = {}) {
    signedInAs(staff);
    server.use(
      http.get("*/api/v1/schools/:uai/external-internships", () => HttpResponse.json([])),
      http.get("*/api/v1/schools/:uai/classes", () => HttpResponse.json(classes)),
      http.get("*/api/v1/schools/:uai/weeks", () =>
        HttpResponse.json({
          school_year: "2026-2027",
          seconde_weeks: ["2027-W24", "2027-W25"],
          college: [],
          lycee: [],
        }),
      ),
      http.get("*/api/v1/schools/:uai", () =>
        HttpResponse.json({
          school: { uai: "0750650A", name: "Lycée Hélène Boucher", kind, commune_name: "Paris", department_code: "75", postal_code: "75020" },
          registered_at: "2026-09-01T08:00:00Z",
          search_radius_km: 30,
          national_search: false,
          splits_allowed: false,
          consent_scan_required: false,
          can_sign_agreements: false,
          my_function: "main_teacher",
        }),
      ),
    );
    renderAt(
      "/etablissement/0750650A/eleves/p1",
      <PupilElsewhereSection uai="0750650A" pupilId="p1" classId="c2" grade={grade} name="Inès Moreau" />,
      "/etablissement/:uai/eleves/:pupilId",
    );
    await userEvent.click(await screen.findByRole("button", { name: "Enregistrer un stage trouvé hors plateforme" }));
  }

  it("proposes the two national June weeks for a seconde class, never any week of the year", async () => {
    await openSecondeRecord([{ id: "c2", school_year: "2026-2027", name: "2de 3", grade: "seconde" }]);
    expect(await screen.findByRole("checkbox", { name: "Semaine du 14 juin 2027" })).toBeInTheDocument();
    expect(screen.getByRole("checkbox", { name: "Semaine du 21 juin 2027" })).toBeInTheDocument();
    expect(screen.queryByRole("combobox", { name: /Semaine du stage/ })).not.toBeInTheDocument();
  });

  it("takes a pupil of a class not in this year's list at a lycée for a seconde pupil", async () => {
    await openSecondeRecord([]);
    expect(await screen.findByRole("checkbox", { name: "Semaine du 14 juin 2027" })).toBeInTheDocument();
    expect(screen.getByRole("checkbox", { name: "Semaine du 21 juin 2027" })).toBeInTheDocument();
    expect(screen.queryByRole("combobox", { name: /Semaine du stage/ })).not.toBeInTheDocument();
  });

  it("takes the grade the pupil's file gives, even at a school whose kind says collège", async () => {
    await openSecondeRecord([], { kind: "college", grade: "seconde" });
    expect(await screen.findByRole("checkbox", { name: "Semaine du 14 juin 2027" })).toBeInTheDocument();
    expect(screen.getByRole("checkbox", { name: "Semaine du 21 juin 2027" })).toBeInTheDocument();
  });

  it("records an internship on the school's week, shows a refusal of the server at the weeks, then deletes it", async () => {
    signedInAs(staff);
    let items: ExternalInternship[] = [record({ id: "other", pupil_id: "p9", host_name: "Ailleurs" })];
    let tries = 0;
    const sent: unknown[] = [];
    server.use(
      http.get("*/api/v1/schools/:uai/external-internships", () => HttpResponse.json(items)),
      http.get("*/api/v1/schools/:uai/classes", () => HttpResponse.json([{ id: "c1", school_year: "2026-2027", name: "3e A", grade: "troisieme" }])),
      http.get("*/api/v1/schools/:uai/weeks", () =>
        HttpResponse.json({ school_year: "2026-2027", seconde_weeks: ["2027-W24"], college: ["2027-W03"], lycee: [] }),
      ),
      http.post("*/api/v1/schools/:uai/pupils/:pupilId/external-internships", async ({ request }) => {
        sent.push(await request.json());
        tries += 1;
        if (tries === 1) {
          return HttpResponse.json(
            {
              code: "WEEK_ALREADY_TAKEN",
              message: "L'élève a déjà un stage confirmé sur Passerelle cette semaine-là.",
              fields: { weeks: ["Semaine déjà prise par un stage confirmé."] },
            },
            { status: 409 },
          );
        }
        const created = record({ id: "e5", status: "validated", host_name: "Mairie du 20e", declared_by_pupil: false });
        items = [...items, created];
        return HttpResponse.json(created, { status: 201 });
      }),
      http.delete("*/api/v1/schools/:uai/external-internships/:id", ({ params }) => {
        items = items.filter((i) => i.id !== params.id);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    renderAt(
      "/etablissement/0750478M/eleves/p1",
      <PupilElsewhereSection uai="0750478M" pupilId="p1" classId="c1" name="Inès Moreau" />,
      "/etablissement/:uai/eleves/:pupilId",
    );
    // Another pupil's record is not this pupil's.
    expect(await screen.findByText("Aucun stage trouvé en dehors de Passerelle n'est enregistré pour cet élève.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Enregistrer un stage trouvé hors plateforme" }));
    expect(await screen.findByRole("radio", { name: "Semaine du 18 janvier 2027" })).toBeChecked();
    await userEvent.click(screen.getByRole("button", { name: "Enregistrer le stage" }));
    expect(screen.getByText("Indiquez le nom de l'organisme d'accueil.")).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("Corrigez les champs signalés ci-dessous.");
    await userEvent.type(screen.getByLabelText(/^Nom de l'organisme d'accueil/), "Mairie du 20e");
    await userEvent.type(screen.getByLabelText(/^Adresse du lieu de stage/), "6 place Gambetta");
    await userEvent.type(screen.getByLabelText("Code postal"), "75020");
    await userEvent.type(screen.getByLabelText("Commune"), "Paris");
    await userEvent.click(screen.getByRole("button", { name: "Enregistrer le stage" }));
    expect(await screen.findByText("Semaine déjà prise par un stage confirmé.")).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("L'élève a déjà un stage confirmé sur Passerelle cette semaine-là.");
    await userEvent.click(screen.getByRole("button", { name: "Enregistrer le stage" }));
    expect(await screen.findByText(/Stage d'Inès Moreau chez Mairie du 20e enregistré/)).toBeInTheDocument();
    expect(sent[1]).toEqual({
      host_name: "Mairie du 20e",
      siret: null,
      street: "6 place Gambetta",
      postal_code: "75020",
      city: "Paris",
      weeks: ["2027-W03"],
    });
    const card = (await screen.findByRole("heading", { level: 3, name: "Mairie du 20e" })).closest(".fr-card") as HTMLElement;
    expect(within(card).getByText("Validé")).toBeInTheDocument();
    expect(within(card).getByText(/Enregistré par l'établissement/)).toBeInTheDocument();
    // The one week of a collège is covered: no second form.
    expect(screen.queryByRole("button", { name: "Enregistrer un stage trouvé hors plateforme" })).not.toBeInTheDocument();

    await userEvent.click(within(card).getByRole("button", { name: "Supprimer le stage chez Mairie du 20e" }));
    expect(within(card).getByText(/L'élève redevient sans stage dans le suivi/)).toBeInTheDocument();
    await userEvent.click(within(card).getByRole("button", { name: "Confirmer la suppression" }));
    expect(await screen.findByText("Stage chez Mairie du 20e supprimé.")).toBeInTheDocument();
    expect(await screen.findByText("Aucun stage trouvé en dehors de Passerelle n'est enregistré pour cet élève.")).toBeInTheDocument();
  });
});

describe("the signed agreement's upload (pupil and staff share one field)", () => {
  const staff = { ...pupil, id: "s1", role: "school_staff", first_name: "Claire", last_name: "Martin" };
  const scan = () => new File(["%PDF-1.4"], "convention.pdf", { type: "application/pdf" });

  it("lets the pupil attach the scan to a waiting declaration, then replace it", async () => {
    signedInAs(pupil);
    let items = [record()];
    const uploads: string[] = [];
    server.use(
      http.get("*/api/v1/pupils/me", () => HttpResponse.json(profile())),
      http.get("*/api/v1/pupils/me/applications", () => HttpResponse.json([])),
      http.get("*/api/v1/pupils/me/external-internships", () => HttpResponse.json(items)),
      http.put("*/api/v1/pupils/me/external-internships/:id/agreement", async ({ params, request }) => {
        uploads.push(`${params.id} ${request.headers.get("Content-Type")}`);
        items = [record({ agreement_uploaded: true })];
        return HttpResponse.json(items[0]);
      }),
    );
    renderAt("/eleve/stage-hors-plateforme", <ExternalInternshipPage />);
    const field = await screen.findByLabelText(/^Joindre la convention signée/);
    expect(field).toHaveAccessibleName("Joindre la convention signée Scan ou photo, en PDF, JPEG ou PNG, 5 Mo au plus.");
    await userEvent.upload(field, scan());
    expect(await screen.findByText("Ta convention signée est jointe à ta déclaration.")).toBeInTheDocument();
    expect(uploads).toEqual(["e1 application/pdf"]);
    // Emptied after sending: the same file can be chosen again.
    expect(await screen.findByLabelText(/^Remplacer la convention signée/)).toHaveValue("");
  });

  it("lets the staff replace the scan of a validated record, and says when it failed", async () => {
    signedInAs(staff);
    server.use(
      http.get("*/api/v1/schools/:uai/external-internships", () => HttpResponse.json([record({ status: "validated", agreement_uploaded: true })])),
      http.get("*/api/v1/schools/:uai/classes", () => HttpResponse.json([{ id: "c1", school_year: "2026-2027", name: "3e A", grade: "troisieme" }])),
      http.get("*/api/v1/schools/:uai/weeks", () => HttpResponse.json({ school_year: "2026-2027", seconde_weeks: [], college: [], lycee: [] })),
      http.put("*/api/v1/schools/:uai/external-internships/:id/agreement", () =>
        HttpResponse.json({ code: "PAYLOAD_TOO_LARGE", message: "Le fichier dépasse 5 Mo." }, { status: 413 }),
      ),
    );
    renderAt(
      "/etablissement/0750478M/eleves/p1",
      <PupilElsewhereSection uai="0750478M" pupilId="p1" classId="c1" name="Inès Moreau" />,
      "/etablissement/:uai/eleves/:pupilId",
    );
    const field = await screen.findByLabelText(/^Remplacer la convention signée/);
    await userEvent.upload(field, scan());
    expect(await screen.findByText("Le fichier dépasse 5 Mo.")).toBeInTheDocument();
    expect(field).toHaveValue("");
  });
});

describe("CoverageSection (referents)", () => {
  it("shows pupils placed through Passerelle, elsewhere, without, and the coverage rate", async () => {
    renderAt("/", <CoverageSection stats={{ pupils: 200, pupils_placed: 120, pupils_placed_elsewhere: 30, pupils_without_placement: 50, coverage_pct: 75 }} />);
    expect(screen.getByRole("heading", { name: "Couverture des élèves" })).toBeInTheDocument();
    expect(screen.getByText("75 %")).toBeInTheDocument();
    const table = screen.getByRole("table", { name: "Élèves et leur stage" });
    const rows = within(table)
      .getAllByRole("row")
      .map((r) => r.textContent);
    expect(rows).toEqual([
      "ÉlèvesNombrePart des inscrits",
      "Avec un stage via Passerelle12060 %",
      "Avec un stage trouvé ailleurs3015 %",
      "Sans stage5025 %",
      "Élèves inscrits200100 %",
    ]);
    expect(screen.getByRole("img", { name: "60 % des élèves avec un stage via Passerelle, 15 % avec un stage trouvé ailleurs" })).toBeInTheDocument();
  });

  it("gives the territory and school tables their coverage columns", () => {
    expect(territoryCoverageCells({ pupils_placed_elsewhere: 12, coverage_pct: 48.5 })).toEqual(["12", "48,5 %"]);
    expect(territoryCoverageCells({ pupils_placed_elsewhere: 0, coverage_pct: null })).toEqual(["0", "—"]);
    expect(schoolCoverageCells({ pupils: 40, placed: 20, placed_elsewhere: 6 })).toEqual(["6", "65 %"]);
    expect(schoolCoverageCells({ pupils: 0, placed: 0, placed_elsewhere: 0 })).toEqual(["0", "—"]);
  });
});
