import { FamilyBreadcrumb } from "../../../../components/family/Family.tsx";
import { myPosition, payableNotice } from "../../../../lib/billing/family_read.ts";
import { define, HttpError, page } from "../../../../lib/http/define.ts";
import { romeDate } from "../../../../lib/i18n/mod.ts";
import { CheckoutError, startCheckout } from "../../../../lib/pagopa/checkout.ts";
import { isUuid } from "../../../../lib/codes/uuid.ts";

interface Data {
  checkoutUrl: string;
}

/**
 * "Paga con pagoPA": the family chose one option (single payment or an instalment) of one of its
 * positions; the browser goes to pagoPA Checkout, which comes back to the return page. A
 * Checkout on this site (the simulator) is a plain redirect; the real one is another site, and
 * the CSP's `form-action 'self'` forbids a form's redirect there: an instant `Refresh` (WCAG
 * G110) with a visible link takes the family on instead.
 */
export const handler = define.handlers<Data>({
  async POST(c) {
    const { db, claims, config } = c.get("state");
    const id = c.req.param("id")!;
    const form = await c.req.parseBody();
    const noticeId = typeof form.avviso === "string" ? form.avviso : "";
    const detail = isUuid(id)
      ? await db.asUser(claims!, (tx) => myPosition(tx, id, romeDate()))
      : null;
    if (!detail) throw new HttpError(404, "Posizione non trovata", { code: "not_found" });
    const notice = isUuid(noticeId) ? payableNotice(detail.position, noticeId) : null;
    if (!notice) return c.redirect(`/famiglie/pagamenti/${id}?esito=non-pagabile`, 303);
    let url: string;
    try {
      url = await startCheckout(
        db,
        claims!,
        config,
        notice.id,
        `/famiglie/pagamenti/${id}/esito?avviso=${notice.id}`,
      );
    } catch (e) {
      if (!(e instanceof CheckoutError)) throw e;
      if (e.status === 409) return c.redirect(`/famiglie/pagamenti/${id}?esito=non-pagabile`, 303);
      throw new HttpError(e.status, c.get("state").tr(e.it, e.en), { code: e.code });
    }
    const target = new URL(url, config.publicUrl);
    if (target.origin === new URL(config.publicUrl).origin) {
      return c.redirect(`${target.pathname}${target.search}`, 303);
    }
    return page({ checkoutUrl: target.href }, {
      headers: { refresh: `0; url=${target.href}`, "cache-control": "no-store" },
    });
  },
});

export default define.page<Data>(function ToCheckout({ data, state }) {
  const tr = state.tr;
  return (
    <>
      <FamilyBreadcrumb
        state={state}
        items={[[tr("Pagamenti", "Payments"), "/famiglie/pagamenti"]]}
      />
      <h1>{tr("Pagamento con pagoPA", "Payment with pagoPA")}</h1>
      <p role="status">
        {tr("Ti stiamo portando su pagoPA…", "Taking you to pagoPA…")}
      </p>
      <p>
        <a class="btn btn-primary" href={data.checkoutUrl}>
          {tr("Vai a pagoPA", "Go to pagoPA")}
        </a>
      </p>
    </>
  );
});
