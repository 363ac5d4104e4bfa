/**
 * A canteen service's meal counts for one day, updated live: every mark, cancellation, closure
 * or freeze of the day arrives as a hint through the sites' (and, for the office, the service's)
 * meals rooms, and the board reloads the counts over HTTP — the database is the truth.
 * Changes after the cut-off are highlighted.
 *
 * @module
 */
import { useEffect, useState } from "preact/hooks";
import type { MealCountsJson } from "../lib/attendance/meal_counts_api.ts";
import { subscribe } from "./lib/live.ts";

export interface MealBoardProps {
  lang: "it" | "en";
  board: MealCountsJson;
  rooms: string[];
}

type Counts = MealCountsJson["totals"];

function Delta({ n }: { n: number | undefined }) {
  if (!n) return null;
  return <span class="badge bg-warning text-dark ms-1">{n > 0 ? `+${n}` : n}</span>;
}

export default function MealBoard(props: MealBoardProps) {
  const tr = (it: string, en: string) => props.lang === "en" ? en : it;
  const [b, setB] = useState(props.board);
  const [updated, setUpdated] = useState(0);

  useEffect(() => {
    const url = `/api/v1/attendance/meal-counts?service_id=${b.service.id}&day=${b.day}`;
    let pending: ReturnType<typeof setTimeout> | undefined;
    const reload = async () => {
      try {
        const res = await fetch(url, { headers: { accept: "application/json" } });
        if (res.ok) {
          setB(await res.json());
          setUpdated((n) => n + 1);
        }
      } catch { /* offline: keep what is shown */ }
    };
    // Many marks arrive together (a whole class): reload once for a burst.
    const soon = (d?: { day?: string }) => {
      if (d?.day && d.day !== b.day) return;
      clearTimeout(pending);
      pending = setTimeout(reload, 150);
    };
    return subscribe(
      props.rooms,
      {
        "attendance.mark": soon,
        "meals.closed": soon,
        "meals.frozen": soon,
      },
      () => {},
      reload,
    );
  }, []);

  const codes = Object.keys(b.diet_names).sort();
  const late = b.late;
  const cells = (n: Counts, d?: Counts) => (
    <>
      <td class="text-end fw-bold">
        {n.meals}
        <Delta n={d?.meals} />
      </td>
      <td class="text-end">
        {n.standard}
        <Delta n={d?.standard} />
      </td>
      <td class="text-end">
        {n.white}
        <Delta n={d?.white} />
      </td>
      {codes.map((k) => (
        <td class="text-end" key={k}>
          {n.diets[k] ?? 0}
          <Delta n={d?.diets[k]} />
        </td>
      ))}
      <td class="text-end">
        {n.cancelled}
        <Delta n={d?.cancelled} />
      </td>
      <td class="text-end">{n.absent}</td>
      {b.service.attendance_mode !== "presumed" && <td class="text-end">{n.pending}</td>}
    </>
  );
  return (
    <div class="meal-board" data-updates={updated}>
      <p aria-live="polite">
        <strong>{tr("Pasti da preparare", "Meals to prepare")}:</strong>{" "}
        <span class="h4" data-testid="meals-total">{b.totals.meals}</span>
        {b.closed && (
          <span class="badge bg-danger ms-2">
            {tr("Giornata chiusa dall'Ente", "Day closed by the Ente")}
          </span>
        )}
        {late && late.totals.meals !== 0 && (
          <span class="badge bg-warning text-dark ms-2">
            {tr(
              `Variazioni dopo le ${b.service.cutoff}: ${
                late.totals.meals > 0 ? "+" : ""
              }${late.totals.meals}`,
              `Changes after ${b.service.cutoff}: ${
                late.totals.meals > 0 ? "+" : ""
              }${late.totals.meals}`,
            )}
          </span>
        )}
      </p>
      <div class="table-responsive">
        <table class="table table-sm">
          <caption>
            {tr("Pasti per plesso, classe e dieta", "Meals by site, class and diet")}
            {b.frozen
              ? tr(
                ` — congelati alle ${b.service.cutoff}; in giallo le variazioni successive`,
                ` — frozen at ${b.service.cutoff}; later changes in yellow`,
              )
              : ""}
          </caption>
          <thead>
            <tr>
              <th scope="col">{tr("Plesso / classe", "Site / class")}</th>
              <th scope="col" class="text-end">{tr("Pasti", "Meals")}</th>
              <th scope="col" class="text-end">{tr("Standard", "Standard")}</th>
              <th scope="col" class="text-end">{tr("In bianco", "Plain")}</th>
              {codes.map((k) => (
                <th scope="col" class="text-end" key={k}>
                  <abbr title={b.diet_names[k]}>{k}</abbr>
                </th>
              ))}
              <th scope="col" class="text-end">{tr("Disdetti", "Cancelled")}</th>
              <th scope="col" class="text-end">{tr("Assenti", "Absent")}</th>
              {b.service.attendance_mode !== "presumed" && (
                <th scope="col" class="text-end">{tr("Da rilevare", "Not marked")}</th>
              )}
            </tr>
          </thead>
          <tbody>
            {b.sites.map((s) => [
              <tr class="table-light" key={s.site_id ?? "none"} data-site={s.site_id ?? ""}>
                <th scope="row">
                  {s.site_name ?? tr("Senza plesso", "No site")}
                  {late?.changes[s.site_id ?? ""]
                    ? (
                      <span class="badge bg-warning text-dark ms-2">
                        {tr(
                          `${late.changes[s.site_id ?? ""]} variazioni dopo le ${b.service.cutoff}`,
                          `${late.changes[s.site_id ?? ""]} changes after ${b.service.cutoff}`,
                        )}
                      </span>
                    )
                    : null}
                </th>
                {cells(s, late?.by_site[s.site_id ?? ""])}
              </tr>,
              ...s.classes.map((k) => (
                <tr key={`${s.site_id}-${k.class_id}`}>
                  <th scope="row" class="fw-normal ps-4">{k.class_name ?? "—"}</th>
                  {cells(k)}
                </tr>
              )),
            ])}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{tr("Totale", "Total")}</th>
              {cells(b.totals, late?.totals)}
            </tr>
          </tfoot>
        </table>
      </div>
    </div>
  );
}
