import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it, vi } from "vitest";
import { server } from "../../test/server";
import { downloadDashboardExport } from "../schools/queries";
import { ExportButtons } from "./ExportButtons";
import { downloadStatsExport } from "./queries";

/** Answers every export with a small file and records the query strings asked for. */
function exports() {
  const asked: string[] = [];
  const answer = ({ request }: { request: Request }) => {
    const url = new URL(request.url);
    asked.push(`${url.pathname}${url.search}`);
    return new HttpResponse(new Uint8Array([0x50, 0x4b, 3, 4]), { headers: { "Content-Type": "application/octet-stream" } });
  };
  server.use(http.get("*/api/v1/stats/export", answer), http.get("*/api/v1/schools/:uai/dashboard/export", answer));
  return asked;
}

describe("spreadsheet exports", () => {
  it("ask for one table as CSV or XLSX, or every table in one workbook, with the filters", async () => {
    const asked = exports();
    const filter = { school_year: "2026-2027", department: "75", sector: "s10" };
    await downloadStatsExport("sectors", filter);
    await downloadStatsExport("departments", filter, "xlsx");
    const workbook = await downloadStatsExport(null, { school_year: "2026-2027" }, "xlsx");
    expect(asked).toEqual([
      "/api/v1/stats/export?table=sectors&school_year=2026-2027&department=75&sector=s10",
      "/api/v1/stats/export?table=departments&format=xlsx&school_year=2026-2027&department=75&sector=s10",
      "/api/v1/stats/export?format=xlsx&school_year=2026-2027",
    ]);
    expect(new Uint8Array(await workbook.arrayBuffer()).slice(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
  });

  it("ask for the school's follow-up as CSV or as a workbook", async () => {
    const asked = exports();
    await downloadDashboardExport("0750478M", "2026-2027");
    await downloadDashboardExport("0750478M", "2026-2027", "xlsx");
    expect(asked).toEqual([
      "/api/v1/schools/0750478M/dashboard/export?school_year=2026-2027&format=csv",
      "/api/v1/schools/0750478M/dashboard/export?school_year=2026-2027&format=xlsx",
    ]);
  });

  it("offer each table in both formats, the format in the button's words", async () => {
    const onDownload = vi.fn();
    render(<ExportButtons label="Télécharger le tableau par secteur" onDownload={onDownload} />);
    await userEvent.click(screen.getByRole("button", { name: "Télécharger le tableau par secteur (CSV)" }));
    await userEvent.click(screen.getByRole("button", { name: "Télécharger le tableau par secteur (XLSX)" }));
    expect(onDownload.mock.calls).toEqual([["csv"], ["xlsx"]]);
  });
});
