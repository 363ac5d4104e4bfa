import { CsrfField } from "../../../../components/CsrfField.tsx";
import type { State } from "../../../../lib/http/define.ts";
import { formatDegrees } from "../../../../lib/transport/forms.ts";
import type { TransportStop } from "../../../../lib/transport/stops.ts";

/**
 * The stops of a route in order, with every action as a link or a form button: the whole
 * route can be built and reordered with the keyboard and without JavaScript.
 */
export function StopsTable(
  { state, routeId, stops }: { state: State; routeId: string; stops: TransportStop[] },
) {
  const { tr, lang } = state;
  if (stops.length === 0) {
    return (
      <p>
        {tr(
          "La linea non ha ancora fermate: aggiungi la prima con il modulo qui sopra.",
          "The route has no stops yet: add the first one with the form above.",
        )}
      </p>
    );
  }
  const base = `/operatore/trasporto/${routeId}/fermate`;
  const Move = ({ s, dir }: { s: TransportStop; dir: "su" | "giu" }) => (
    <form method="post" action={`${base}/${s.id}/sposta`} class="d-inline">
      <CsrfField state={state} />
      <input type="hidden" name="direzione" value={dir} />
      <button type="submit" class="btn btn-outline-primary btn-xs py-1 px-2 me-1">
        {dir === "su" ? tr("Su", "Up") : tr("Giù", "Down")}
        <span class="visually-hidden">
          {dir === "su"
            ? tr(`: sposta «${s.name}» prima`, `: move “${s.name}” earlier`)
            : tr(`: sposta «${s.name}» dopo`, `: move “${s.name}” later`)}
        </span>
      </button>
    </form>
  );
  return (
    <div class="table-responsive">
      <table class="table table-sm align-middle">
        <caption>
          {tr(
            `${stops.length} fermate nell'ordine dell'andata; al ritorno lo scuolabus le percorre secondo gli orari di ritorno.`,
            `${stops.length} stops in outbound order; on the way back the bus follows the return times.`,
          )}
        </caption>
        <thead>
          <tr>
            <th scope="col">{tr("N.", "No.")}</th>
            <th scope="col">{tr("Fermata", "Stop")}</th>
            <th scope="col">{tr("Latitudine", "Latitude")}</th>
            <th scope="col">{tr("Longitudine", "Longitude")}</th>
            <th scope="col">{tr("Andata", "Outbound")}</th>
            <th scope="col">{tr("Ritorno", "Return")}</th>
            <th scope="col">{tr("Note", "Notes")}</th>
            <th scope="col">{tr("Ordine", "Order")}</th>
            <th scope="col">{tr("Azioni", "Actions")}</th>
          </tr>
        </thead>
        <tbody>
          {stops.map((s, i) => (
            <tr key={s.id} id={`fermata-${s.id}`} data-stop-id={s.id}>
              <td>{s.position}</td>
              <th scope="row">{s.name}</th>
              <td>{formatDegrees(lang, s.latitude)}</td>
              <td>{formatDegrees(lang, s.longitude)}</td>
              <td>{s.time_there ?? "—"}</td>
              <td>{s.time_back ?? "—"}</td>
              <td class="small">{s.notes ?? ""}</td>
              <td class="text-nowrap">
                {i > 0 && <Move s={s} dir="su" />}
                {i < stops.length - 1 && <Move s={s} dir="giu" />}
              </td>
              <td class="text-nowrap">
                <a href={`${base}/${s.id}`} class="me-2">
                  {tr("Modifica", "Edit")}
                  <span class="visually-hidden">{` ${s.name}`}</span>
                </a>
                <a href={`${base}/${s.id}/elimina`} class="text-danger">
                  {tr("Elimina", "Delete")}
                  <span class="visually-hidden">{` ${s.name}`}</span>
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
