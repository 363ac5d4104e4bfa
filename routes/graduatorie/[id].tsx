import { define, HttpError, page } from "../../lib/http/define.ts";
import { formatDateTime } from "../../lib/i18n/mod.ts";
import { type PublicRanking, publishedRanking } from "../../lib/rankings/offers.ts";

// Anyone may read a published ranking: the snapshot is read through a security-definer
// function that returns it only once published, with no names or codes of children.
const ANONYMOUS = {
  sub: "00000000-0000-0000-0000-000000000000",
  role: "authenticated" as const,
  app_metadata: { tenant_id: null, roles: [] },
};

export const handler = define.handlers<PublicRanking>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const r = await db.asUser(
      claims ?? ANONYMOUS,
      (tx) => publishedRanking(tx, c.req.param("id")!),
    );
    if (!r) throw new HttpError(404, "No such published ranking", { code: "not_found" });
    return page(r);
  },
});

/** A published ranking (graduatoria) as the Comune publishes it: protocol numbers only. */
export default define.page<PublicRanking>(function PublishedRanking({ data, state }) {
  const tr = state.tr;
  const groups = data.entries.some((e) => e.group !== "all");
  return (
    <>
      <h1>{tr("Graduatoria", "Ranking")}: {data.service} {data.school_year}</h1>
      <p class="lead">{data.tenant}</p>
      <p>
        {tr("Pubblicata il", "Published on")} {formatDateTime(state.lang, data.published_at)}.{" "}
        {tr("Posti disponibili", "Places available")}: <strong>{data.places}</strong>.
      </p>
      <p>
        {tr(
          "Per tutelare i minori la graduatoria riporta solo il numero di protocollo della domanda, che la famiglia trova nella ricevuta. Le famiglie ammesse ricevono l'offerta del posto per e-mail e nei Servizi online; quando un posto si libera viene offerto alla domanda successiva.",
          "To protect minors the ranking shows only the application's protocol number, which the family finds on its receipt. Admitted families receive the offer of a place by e-mail and in the online services; when a place frees up it is offered to the next application.",
        )}
      </p>
      <div class="table-responsive">
        <table class="table table-sm">
          <caption>
            {tr(
              `Domande in graduatoria: ${data.entries.length}, in ordine di posizione`,
              `Applications ranked: ${data.entries.length}, by position`,
            )}
          </caption>
          <thead>
            <tr>
              <th scope="col" class="text-end">{tr("Posizione", "Position")}</th>
              <th scope="col">{tr("Protocollo", "Protocol number")}</th>
              <th scope="col" class="text-end">{tr("Punteggio", "Score")}</th>
              {groups && <th scope="col">{tr("Residenza", "Residence")}</th>}
              <th scope="col">{tr("Esito", "Outcome")}</th>
            </tr>
          </thead>
          <tbody>
            {data.entries.map((e) => (
              <tr key={e.position}>
                <td class="text-end">{e.position}</td>
                <th scope="row">{e.protocol_number}</th>
                <td class="text-end">{e.score}</td>
                {groups && (
                  <td>
                    {e.group === "resident"
                      ? tr("Residente", "Resident")
                      : tr("Non residente", "Non-resident")}
                  </td>
                )}
                <td>
                  {e.admitted ? tr("Ammessa", "Admitted") : tr("In lista d'attesa", "Waiting list")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
});
