import { Breadcrumb } from "../../../../components/Breadcrumb.tsx";
import { CHANNEL_LABELS, needsRelief } from "../../../../lib/billing/enforced_collection.ts";
import {
  type Collection,
  type CollectionPosition,
  getCollection,
} from "../../../../lib/billing/enforced_collection_read.ts";
import { isUuid } from "../../../../lib/codes/uuid.ts";
import { define, HttpError, page } from "../../../../lib/http/define.ts";
import { formatDate, formatDateTime, romeDate } from "../../../../lib/i18n/mod.ts";
import { euro } from "../../fatturazione/(_components)/bits.tsx";
import { PositionBadge } from "../(_components)/PositionBadge.tsx";
import { COLLECTIONS_PATH } from "../(_components)/EnforcedCollections.tsx";

interface Data {
  collection: Collection;
  positions: CollectionPosition[];
  /** After "Ritira": the IUPD taken back. */
  withdrawn?: string;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const id = c.req.param("id")!;
    if (!isUuid(id)) throw new HttpError(404);
    const read = await db.asUser(claims!, (tx) => getCollection(tx, id));
    if (!read) throw new HttpError(404);
    const withdrawn = c.req.query("ritirata");
    return page({
      ...read,
      withdrawn: read.positions.some((p) => p.iupd === withdrawn) ? withdrawn : undefined,
    });
  },
});

/** One list handed to enforced collection: its act, its positions as they are now. */
export default define.page<Data>(function EnforcedCollection({ data, state }) {
  const tr = state.tr;
  const c = data.collection;
  const relief = data.positions.filter(needsRelief);
  const live = data.positions.filter((p) => !p.withdrawn_at);
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [tr("Posizioni debitorie", "Debt positions"), "/operatore/posizioni"],
          [tr("Riscossione coattiva", "Enforced collection"), COLLECTIONS_PATH],
          [c.reference],
        ]}
      />
      <h1>
        {tr(
          `Elenco per la riscossione coattiva: ${c.reference}`,
          `Enforced collection list: ${c.reference}`,
        )}
      </h1>
      {data.withdrawn && (
        <div class="alert alert-success" role="status">
          {tr(
            `Posizione ${data.withdrawn} ritirata dall'elenco: torna sollecitabile.`,
            `Position ${data.withdrawn} withdrawn from the list: it can be reminded again.`,
          )}
        </div>
      )}
      <dl class="row">
        <dt class="col-sm-4">{tr("Riferimento dell'atto", "Reference of the act")}</dt>
        <dd class="col-sm-8">{c.reference}</dd>
        <dt class="col-sm-4">{tr("Creato il", "Created on")}</dt>
        <dd class="col-sm-8">
          {formatDateTime(state.lang, c.created_at)}
          {c.created_by_name && tr(` da ${c.created_by_name}`, ` by ${c.created_by_name}`)}
        </dd>
        <dt class="col-sm-4">{tr("Posizioni affidate", "Positions handed over")}</dt>
        <dd class="col-sm-8">
          {c.positions_count}
          {c.withdrawn_count > 0 &&
            tr(`, di cui ${c.withdrawn_count} ritirate`, `, ${c.withdrawn_count} withdrawn`)}
        </dd>
        <dt class="col-sm-4">{tr("Totale affidato", "Total handed over")}</dt>
        <dd class="col-sm-8">{euro(state, c.total_cents)}</dd>
        <dt class="col-sm-4">{tr("Condizioni", "Conditions")}</dt>
        <dd class="col-sm-8">
          {tr(
            `ultimo sollecito da almeno ${c.min_days_after_reminder} giorni, almeno ${
              euro(state, c.min_payer_cents)
            } per pagatore`,
            `last reminder at least ${c.min_days_after_reminder} days old, at least ${
              euro(state, c.min_payer_cents)
            } per payer`,
          )}
        </dd>
        {c.note && (
          <>
            <dt class="col-sm-4">{tr("Nota", "Note")}</dt>
            <dd class="col-sm-8">{c.note}</dd>
          </>
        )}
      </dl>
      <p>
        <a class="btn btn-primary" href={`${COLLECTIONS_PATH}/${c.id}/esporta`}>
          {tr("Scarica la lista di carico (CSV)", "Download the hand-over list (CSV)")}
        </a>
      </p>
      {relief.length > 0 && (
        <div class="alert alert-warning" role="status">
          {tr(
            `${
              relief.length === 1
                ? "Una posizione è stata pagata"
                : `${relief.length} posizioni sono state pagate`
            } (in tutto o in parte) dopo l'affidamento: comunicare lo sgravio al soggetto incaricato della riscossione.`,
            `${
              relief.length === 1 ? "One position was" : `${relief.length} positions were`
            } paid (fully or in part) after the hand-over: tell the collector to drop or reduce them.`,
          )}
        </div>
      )}
      <div class="table-responsive" id="posizioni">
        <table class="table table-sm">
          <caption>
            {tr(
              `Posizioni dell'elenco: ${data.positions.length} (in carico: ${live.length})`,
              `Positions of the list: ${data.positions.length} (still handed over: ${live.length})`,
            )}
          </caption>
          <thead>
            <tr>
              <th scope="col">{tr("Pagatore", "Payer")}</th>
              <th scope="col">{tr("Codice fiscale", "Tax code")}</th>
              <th scope="col">{tr("Posizione", "Position")}</th>
              <th scope="col" class="text-end">{tr("Importo affidato", "Amount handed over")}</th>
              <th scope="col">{tr("Scaduta dal", "Overdue since")}</th>
              <th scope="col">{tr("Ultimo sollecito", "Last reminder")}</th>
              <th scope="col">{tr("Stato attuale", "Current status")}</th>
              <th scope="col">
                <span class="visually-hidden">{tr("Azioni", "Actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.positions.map((p) => (
              <tr key={p.debt_position_id}>
                <th scope="row">{p.debtor.name ?? "—"}</th>
                <td class="text-nowrap">{p.debtor.tax_code ?? "—"}</td>
                <td>
                  <a href={`/operatore/posizioni/${p.debt_position_id}`}>{p.iupd}</a>
                  <span class="d-block small">{p.description}</span>
                </td>
                <td class="text-end text-nowrap">{euro(state, p.overdue_cents)}</td>
                <td class="text-nowrap">{formatDate(state.lang, p.overdue_since, "short")}</td>
                <td>
                  {formatDate(state.lang, romeDate(new Date(p.last_reminder_at)), "short")} ({tr(
                    CHANNEL_LABELS[p.last_reminder_channel].it,
                    CHANNEL_LABELS[p.last_reminder_channel].en,
                  ).toLowerCase()})
                </td>
                <td>
                  <PositionBadge state={state} status={p.status} />
                  {needsRelief(p) && (
                    <strong class="d-block text-danger">
                      {tr(
                        "Pagata dopo l'affidamento: comunicare lo sgravio",
                        "Paid after the hand-over: communicate the relief",
                      )}
                    </strong>
                  )}
                  {p.withdrawn_at && (
                    <span class="d-block">
                      {tr(
                        `Ritirata il ${
                          formatDate(state.lang, romeDate(new Date(p.withdrawn_at)), "short")
                        }`,
                        `Withdrawn on ${
                          formatDate(state.lang, romeDate(new Date(p.withdrawn_at)), "short")
                        }`,
                      )}
                      {p.withdrawn_by_name &&
                        tr(` da ${p.withdrawn_by_name}`, ` by ${p.withdrawn_by_name}`)}:{" "}
                      {p.withdrawn_reason}
                    </span>
                  )}
                </td>
                <td>
                  {!p.withdrawn_at && (
                    <a
                      class="btn btn-sm btn-outline-danger"
                      href={`${COLLECTIONS_PATH}/${c.id}/ritira?posizione=${p.debt_position_id}`}
                    >
                      {tr("Ritira", "Withdraw")}
                      <span class="visually-hidden">{` ${p.iupd}`}</span>
                    </a>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
});
