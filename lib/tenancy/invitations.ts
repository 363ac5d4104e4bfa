/**
 * Inviting a person into an Ente: the account (created when the e-mail is new), the role, and the
 * e-mail that tells them — with a link to choose their password when they cannot sign in yet.
 * Runs in the inviting administrator's transaction through `app.invite_member` (security
 * definer), so the audit log names the administrator and the mail exists only if all commits.
 *
 * @module
 */

import { INVITE_DAYS, newResetToken, resetLink } from "../auth/password_reset.ts";
import type { MemberRole, Tx } from "../db/types.ts";
import { isLang, type Lang, translator } from "../i18n/mod.ts";
import { enqueueMail } from "../mail/outbox.ts";
import { sqlState, TenancyError } from "./errors.ts";

export interface InvitationInput {
  tenantId: string;
  /** The Ente's name, for the e-mail. */
  tenantName: string;
  email: string;
  fullName: string;
  taxCode: string | null;
  role: MemberRole;
}

export interface Invitation {
  userId: string;
  membershipId: string;
  /** A new account was created for the e-mail. */
  userCreated: boolean;
  /** The e-mail carries a link to choose a password (valid INVITE_DAYS days). */
  passwordLinkSent: boolean;
  mailId: string;
}

interface InviteRow {
  invited_user_id: string;
  new_membership_id: string;
  user_created: boolean;
  token_issued: boolean;
  user_locale: string;
  /** The stored name: an existing account keeps its own, whatever the invitation said. */
  user_full_name: string;
}

/** Subject and body of the invitation e-mail, in the invitee's language. */
export function invitationMail(
  lang: Lang,
  input: { tenantName: string; fullName: string; email: string; role: MemberRole },
  links: { setPassword: string | null; signIn: string; recover: string },
): { subject: string; text: string } {
  const role = translator(lang)(`role.${input.role}`);
  if (lang === "en") {
    return {
      subject: `${input.tenantName}: your access to Piazza`,
      text: [
        `Hello ${input.fullName},`,
        "",
        `${input.tenantName} has given you the role "${role}" on Piazza.`,
        "",
        ...(links.setPassword
          ? [
            `To activate your account, choose your password here (the link works for ${INVITE_DAYS} days):`,
            links.setPassword,
            "",
            `Then sign in at ${links.signIn} with the e-mail address ${input.email}.`,
          ]
          : [
            `Sign in as usual at ${links.signIn} with the e-mail address ${input.email}.`,
            `Forgot your password? Ask for a new one at ${links.recover}`,
          ]),
        "",
        "If you were not expecting this message, you can ignore it.",
      ].join("\n"),
    };
  }
  return {
    subject: `${input.tenantName}: il tuo accesso a Piazza`,
    text: [
      `Buongiorno ${input.fullName},`,
      "",
      `${input.tenantName} ti ha abilitato su Piazza con il profilo "${role}".`,
      "",
      ...(links.setPassword
        ? [
          `Per attivare l'account scegli la tua password da questo collegamento (valido ${INVITE_DAYS} giorni):`,
          links.setPassword,
          "",
          `Poi accedi da ${links.signIn} con l'indirizzo e-mail ${input.email}.`,
        ]
        : [
          `Accedi come di consueto da ${links.signIn} con l'indirizzo e-mail ${input.email}.`,
          `Non ricordi la password? Chiedine una nuova da ${links.recover}`,
        ]),
      "",
      "Se non aspettavi questo messaggio, puoi ignorarlo.",
    ].join("\n"),
  };
}

/** Who already holds `role` in the Ente under this e-mail, if anyone (name for the message). */
async function existingHolder(tx: Tx, input: InvitationInput): Promise<string | null> {
  const [row] = await tx.query<{ full_name: string }>(
    `select u.full_name from public.memberships m join public.users u on u.id = m.user_id
      where m.tenant_id = $1 and m.role = $2 and lower(u.email) = lower($3)`,
    [input.tenantId, input.role, input.email],
  );
  return row?.full_name ?? null;
}

function duplicate(input: InvitationInput, name: string | null): TenancyError {
  const who = name ? `${name} (${input.email})` : input.email;
  const roleIt = translator("it")(`role.${input.role}`);
  const roleEn = translator("en")(`role.${input.role}`);
  return new TenancyError("duplicate_membership", {
    it: `${who} ha già il profilo ${roleIt} in questo Ente.`,
    en: `${who} already has the role ${roleEn} in this Ente.`,
  }, "email");
}

/**
 * Invites a person into the Ente: creates the account if the e-mail is new (else reuses it), adds
 * the role, stores a set-password token when the person cannot sign in yet, and queues the e-mail.
 * `await inviteMember(tx, { tenantId, tenantName, email, fullName, taxCode: null, role: "operator" }, publicUrl)`
 */
export async function inviteMember(
  tx: Tx,
  input: InvitationInput,
  publicUrl: string,
): Promise<Invitation> {
  input = { ...input, email: input.email.trim().toLowerCase() };
  const holder = await existingHolder(tx, input);
  if (holder) throw duplicate(input, holder);
  const { token, hash } = await newResetToken();
  let row: InviteRow;
  try {
    [row] = await tx.query<InviteRow>(
      `select * from app.invite_member($1, $2, $3, $4, $5, $6)`,
      [input.tenantId, input.email, input.fullName, input.taxCode, input.role, hash],
    );
  } catch (e) {
    if (sqlState(e) === "23505") throw duplicate(input, null);
    if (sqlState(e) === "42501") {
      throw new TenancyError("forbidden", {
        it: "Solo un amministratore dell'Ente può invitare persone.",
        en: "Only an administrator of the Ente can invite people.",
      });
    }
    throw e;
  }
  const lang: Lang = isLang(row.user_locale) ? row.user_locale : "it";
  const mail = invitationMail(lang, { ...input, fullName: row.user_full_name }, {
    setPassword: row.token_issued ? resetLink(publicUrl, token).href : null,
    signIn: new URL("/accedi", publicUrl).href,
    recover: new URL("/password/recupera", publicUrl).href,
  });
  const mailId = await enqueueMail(tx, {
    tenantId: input.tenantId,
    to: input.email,
    subject: mail.subject,
    text: mail.text,
  });
  return {
    userId: row.invited_user_id,
    membershipId: row.new_membership_id,
    userCreated: row.user_created,
    passwordLinkSent: row.token_issued,
    mailId,
  };
}
