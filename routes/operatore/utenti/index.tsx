import { Alert } from "../../../components/Alert.tsx";
import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { MEMBER_ROLES, type MemberRole } from "../../../lib/db/types.ts";
import { define, page, type State } from "../../../lib/http/define.ts";
import { hasAnyRole } from "../../../lib/http/guards.ts";
import { listMembers, type Member } from "../../../lib/tenancy/members.ts";

const PAGE_SIZE = 25;

interface Data {
  items: Member[];
  total: number;
  q: string;
  role: MemberRole | null;
  page: number;
  removed: boolean;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const q = (c.req.query("q") ?? "").trim().slice(0, 100);
    const role = MEMBER_ROLES.find((r) => r === c.req.query("ruolo")) ?? null;
    const pageNo = Math.max(
      1,
      Math.min(100000, Number.parseInt(c.req.query("pagina") ?? "1") || 1),
    );
    const { items, total } = await db.asUser(
      claims!,
      (tx) => listMembers(tx, { q, role, limit: PAGE_SIZE, offset: (pageNo - 1) * PAGE_SIZE }),
    );
    return page({ items, total, q, role, page: pageNo, removed: c.req.query("rimosso") === "1" });
  },
});

export function roleLabel(state: State, role: MemberRole): string {
  return state.t(`role.${role}`);
}

function pageHref(data: Data, n: number): string {
  const p = new URLSearchParams();
  if (data.q) p.set("q", data.q);
  if (data.role) p.set("ruolo", data.role);
  if (n > 1) p.set("pagina", String(n));
  const s = p.toString();
  return `/operatore/utenti${s ? `?${s}` : ""}`;
}

function Pager({ state, data }: { state: State; data: Data }) {
  const pages = Math.ceil(data.total / PAGE_SIZE);
  if (pages <= 1) return null;
  const shown = [...new Set([1, data.page - 1, data.page, data.page + 1, pages])]
    .filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  return (
    <nav class="pagination-wrapper" aria-label={state.tr("Pagine dell'elenco", "List pages")}>
      <ul class="pagination">
        {data.page > 1 && (
          <li class="page-item">
            <a class="page-link" href={pageHref(data, data.page - 1)}>
              {state.tr("Precedente", "Previous")}
            </a>
          </li>
        )}
        {shown.map((n) => (
          <li class="page-item" key={n}>
            <a
              class={`page-link${n === data.page ? " active" : ""}`}
              href={pageHref(data, n)}
              aria-current={n === data.page ? "page" : undefined}
            >
              <span class="visually-hidden">{state.tr("Pagina", "Page")}</span> {n}
            </a>
          </li>
        ))}
        {data.page < pages && (
          <li class="page-item">
            <a class="page-link" href={pageHref(data, data.page + 1)}>
              {state.tr("Successiva", "Next")}
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}

/** The people of the Ente with their roles: searchable, paged; administrators invite from here. */
export default define.page<Data>(function Members({ data, state }) {
  const isAdmin = hasAnyRole(state, ["admin"]);
  const filtered = data.q !== "" || data.role !== null;
  return (
    <>
      <Breadcrumb state={state} items={[[state.tr("Utenti e profili", "Users and roles")]]} />
      <h1>{state.tr("Utenti e profili", "Users and roles")}</h1>
      <p class="lead">
        {state.tr(
          "Le persone che possono accedere ai servizi dell'Ente e il profilo con cui lo fanno.",
          "The people who can sign in to the Ente's services and the role they act in.",
        )}
      </p>
      {data.removed && (
        <Alert kind="success">
          {state.tr(
            "Il profilo è stato tolto. La persona non ha più profili in questo Ente.",
            "The role has been removed. The person has no roles left in this Ente.",
          )}
        </Alert>
      )}
      {isAdmin && (
        <p>
          <a class="btn btn-primary" href="/operatore/utenti/invita">
            {state.tr("Invita una persona", "Invite a person")}
          </a>
        </p>
      )}
      <form
        method="get"
        action="/operatore/utenti"
        class="row g-3 align-items-end mb-4"
        role="search"
      >
        <div class="col-md-6">
          <div class="form-group mb-0">
            <label for="q" class="active">
              {state.tr(
                "Cerca per nome, e-mail o codice fiscale",
                "Search by name, e-mail or tax code",
              )}
            </label>
            <input
              id="q"
              name="q"
              type="search"
              class="form-control"
              value={data.q}
              maxLength={100}
            />
          </div>
        </div>
        <div class="col-md-3">
          <div class="select-wrapper">
            <label for="ruolo">{state.tr("Profilo", "Role")}</label>
            <select id="ruolo" name="ruolo">
              <option value="">{state.tr("Tutti i profili", "All roles")}</option>
              {MEMBER_ROLES.map((r) => (
                <option value={r} selected={data.role === r} key={r}>{roleLabel(state, r)}</option>
              ))}
            </select>
          </div>
        </div>
        <div class="col-md-3">
          <button type="submit" class="btn btn-outline-primary w-100">
            {state.tr("Cerca", "Search")}
          </button>
        </div>
      </form>
      {data.items.length === 0
        ? (
          <p role="status">
            {filtered
              ? state.tr("Nessuna persona corrisponde alla ricerca.", "Nobody matches the search.")
              : state.tr("L'Ente non ha ancora persone abilitate.", "The Ente has nobody yet.")}
          </p>
        )
        : (
          <div class="table-responsive">
            <table class="table">
              <caption>
                {filtered
                  ? state.tr(`${data.total} persone trovate`, `${data.total} people found`)
                  : state.tr(
                    `${data.total} persone abilitate nell'Ente`,
                    `${data.total} people in the Ente`,
                  )}
                {data.total > PAGE_SIZE &&
                  state.tr(` (pagina ${data.page})`, ` (page ${data.page})`)}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{state.tr("Nome e cognome", "Full name")}</th>
                  <th scope="col">{state.tr("E-mail", "E-mail")}</th>
                  <th scope="col">{state.tr("Profili", "Roles")}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((m) => (
                  <tr key={m.id}>
                    <th scope="row">
                      <a href={`/operatore/utenti/${m.id}`}>{m.full_name}</a>
                    </th>
                    <td>{m.email}</td>
                    <td>{m.roles.map((r) => roleLabel(state, r.role)).join(", ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      <Pager state={state} data={data} />
    </>
  );
});
