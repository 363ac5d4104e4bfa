import { Alert } from "../../../components/Alert.tsx";
import { forgetSessions } from "../../../lib/auth/sessions.ts";
import { Breadcrumb } from "../../../components/Breadcrumb.tsx";
import { CsrfField } from "../../../components/CsrfField.tsx";
import { MEMBER_ROLES, type MemberRole } from "../../../lib/db/types.ts";
import { define, HttpError, page, type State } from "../../../lib/http/define.ts";
import { hasAnyRole } from "../../../lib/http/guards.ts";
import { formatDateTime } from "../../../lib/i18n/mod.ts";
import { TenancyError } from "../../../lib/tenancy/errors.ts";
import { getMember, type Member, removeMembership } from "../../../lib/tenancy/members.ts";
import { roleLabel } from "./index.tsx";

interface Data {
  member: Member;
  notice: { kind: "success" | "danger"; text: string } | null;
}

const notFound = () => new HttpError(404, "No such person in this Ente", { code: "not_found" });

function noticeFor(state: State, query: URLSearchParams): Data["notice"] {
  const invited = query.get("invitato");
  if (invited === "attivazione") {
    return {
      kind: "success",
      text: state.tr(
        "Invito inviato: la persona riceverà un'e-mail con il collegamento per scegliere la password.",
        "Invitation sent: the person will receive an e-mail with a link to choose a password.",
      ),
    };
  }
  if (invited === "avviso") {
    return {
      kind: "success",
      text: state.tr(
        "Profilo aggiunto: la persona aveva già un account e ha ricevuto un'e-mail di avviso.",
        "Role added: the person already had an account and has been notified by e-mail.",
      ),
    };
  }
  const removed = MEMBER_ROLES.find((r) => r === query.get("tolto"));
  if (removed) {
    return {
      kind: "success",
      text: state.tr(
        `Il profilo ${roleLabel(state, removed)} è stato tolto.`,
        `The role ${roleLabel(state, removed)} has been removed.`,
      ),
    };
  }
  return null;
}

export const handler = define.handlers<Data>({
  async GET(c) {
    const state = c.get("state");
    const member = await state.db.asUser(
      state.claims!,
      (tx) => getMember(tx, c.req.param("id") ?? ""),
    );
    if (!member) throw notFound();
    return page({ member, notice: noticeFor(state, new URL(c.req.url).searchParams) });
  },
  async POST(c) {
    const state = c.get("state");
    const claims = state.claims!;
    if (!hasAnyRole(state, ["admin"])) {
      throw new HttpError(403, "Only administrators remove roles", { code: "forbidden" });
    }
    const id = c.req.param("id") ?? "";
    const body = await c.req.parseBody();
    const membershipId = typeof body.membership_id === "string" ? body.membership_id : "";
    try {
      const { after, removed } = await state.db.asUser(claims, async (tx) => {
        const before = await getMember(tx, id);
        if (!before?.roles.some((r) => r.membership_id === membershipId)) throw notFound();
        const removed = await removeMembership(tx, membershipId, claims.sub);
        return { after: await getMember(tx, id), removed };
      });
      // The trigger revoked the person's sessions; this node must not trust its cached answer.
      forgetSessions();
      if (!after) return c.redirect("/operatore/utenti?rimosso=1", 303);
      return c.redirect(`/operatore/utenti/${id}?tolto=${removed.role}`, 303);
    } catch (e) {
      if (!(e instanceof TenancyError)) throw e;
      const member = await state.db.asUser(claims, (tx) => getMember(tx, id));
      if (!member) throw notFound();
      return page({ member, notice: { kind: "danger", text: e.text[state.lang] } }, {
        status: e.status,
      });
    }
  },
});

function RemoveButton(
  { state, member, membershipId, role }: {
    state: State;
    member: Member;
    membershipId: string;
    role: MemberRole;
  },
) {
  return (
    <form method="post" action={`/operatore/utenti/${member.id}`} class="d-inline">
      <CsrfField state={state} />
      <input type="hidden" name="membership_id" value={membershipId} />
      <button type="submit" class="btn btn-outline-danger btn-sm">
        {state.tr("Togli il profilo", "Remove role")}
        <span class="visually-hidden">{` ${roleLabel(state, role)} — ${member.full_name}`}</span>
      </button>
    </form>
  );
}

/** One person of the Ente: account details and roles; administrators remove roles here. */
export default define.page<Data>(function MemberPage({ data, state }) {
  const { member, notice } = data;
  const isAdmin = hasAnyRole(state, ["admin"]);
  const isSelf = state.claims?.sub === member.id;
  return (
    <>
      <Breadcrumb
        state={state}
        items={[
          [state.tr("Utenti e profili", "Users and roles"), "/operatore/utenti"],
          [member.full_name],
        ]}
      />
      <h1>{member.full_name}</h1>
      {notice && <Alert kind={notice.kind}>{notice.text}</Alert>}
      <dl class="row">
        <dt class="col-sm-3">{state.tr("E-mail", "E-mail")}</dt>
        <dd class="col-sm-9">{member.email}</dd>
        <dt class="col-sm-3">{state.tr("Codice fiscale", "Tax code")}</dt>
        <dd class="col-sm-9">{member.tax_code ?? state.tr("Non indicato", "Not given")}</dd>
        <dt class="col-sm-3">{state.tr("Account creato il", "Account created")}</dt>
        <dd class="col-sm-9">{formatDateTime(state.lang, member.created_at)}</dd>
      </dl>
      <div class="table-responsive">
        <table class="table">
          <caption>{state.tr("Profili nell'Ente", "Roles in the Ente")}</caption>
          <thead>
            <tr>
              <th scope="col">{state.tr("Profilo", "Role")}</th>
              <th scope="col">{state.tr("Dal", "Since")}</th>
              {isAdmin && <th scope="col">{state.tr("Azioni", "Actions")}</th>}
            </tr>
          </thead>
          <tbody>
            {member.roles.map((r) => (
              <tr key={r.membership_id}>
                <th scope="row">{roleLabel(state, r.role)}</th>
                <td>{formatDateTime(state.lang, r.since)}</td>
                {isAdmin && (
                  <td>
                    {isSelf
                      ? (
                        <span class="small text-secondary">
                          {state.tr("È il tuo profilo", "This is your role")}
                        </span>
                      )
                      : (
                        <RemoveButton
                          state={state}
                          member={member}
                          membershipId={r.membership_id}
                          role={r.role}
                        />
                      )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {isAdmin && (
        <p class="small">
          {state.tr(
            "Togliendo un profilo, la persona viene disconnessa dall'Ente: al prossimo accesso avrà solo i profili rimasti.",
            "Removing a role signs the person out of the Ente: at the next sign-in they have only the remaining roles.",
          )}{" "}
          <a href="/operatore/utenti/invita">
            {state.tr(
              "Per aggiungere un profilo, invita di nuovo con la stessa e-mail.",
              "To add a role, invite again with the same e-mail.",
            )}
          </a>
        </p>
      )}
    </>
  );
});
