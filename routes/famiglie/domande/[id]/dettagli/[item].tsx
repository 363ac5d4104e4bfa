import { CsrfField } from "../../../../../components/CsrfField.tsx";
import { FamilyBreadcrumb, WizardSteps } from "../../../../../components/family/Family.tsx";
import {
  ErrorSummary,
  FieldError,
  type FieldErrors,
} from "../../../../../components/FormErrors.tsx";
import {
  addDocument,
  deleteDocuments,
  type DocumentRow,
  listDocuments,
  saveItemDetails,
} from "../../../../../lib/enrollment/applications.ts";
import { checkDocument, cleanFileName } from "../../../../../lib/enrollment/portal.ts";
import { type ItemOptions, itemOptions } from "../../../../../lib/enrollment/portal_db.ts";
import { loadDraft } from "../../../../../lib/enrollment/portal_http.ts";
import type { ApplicationRow, ItemRow } from "../../../../../lib/enrollment/schemas.ts";
import { controlId, FormFields, readControls } from "../../../../../lib/forms/render.tsx";
import { type RawValues, validateSubmission } from "../../../../../lib/forms/validate.ts";
import { define, HttpError, page } from "../../../../../lib/http/define.ts";
import type { GeoRoute } from "../../../../../lib/transport/geojson.ts";
import RouteMap from "../../../../../islands/RouteMap.tsx";
import { newStorageKey, storageFor } from "../../../../../lib/storage/mod.ts";

interface Data {
  a: ApplicationRow;
  item: ItemRow;
  opts: ItemOptions;
  docs: DocumentRow[];
  values: Record<string, string>;
  errors: FieldErrors;
}

const MODES = [
  ["full_time", "Tempo pieno", "Full time"],
  ["part_time", "Tempo parziale", "Part time"],
  ["morning", "Solo mattino", "Mornings only"],
  ["afternoon", "Solo pomeriggio", "Afternoons only"],
] as const;

/** The service's routes and stops as the map island draws them (read-only). */
const mapRoutes = (o: ItemOptions): GeoRoute[] =>
  o.routes.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.route_name,
    color: r.color,
    stops: o.stops.filter((s) => s.route_id === r.id).map((s) => ({
      id: s.id,
      position: s.position,
      name: s.name,
      latitude: s.latitude,
      longitude: s.longitude,
      time_there: s.pickup_time,
    })),
  }));

export const handler = define.handlers<Data>({
  async GET(c) {
    const { db, claims } = c.get("state");
    const a = await loadDraft(c);
    if (a instanceof Response) return a;
    const item = a.items.find((i) => i.id === c.req.param("item"));
    if (!item) throw new HttpError(404, "No such item", { code: "not_found" });
    const { opts, docs } = await db.asUser(claims!, async (tx) => ({
      opts: await itemOptions(tx, item.service_id),
      docs: await listDocuments(tx, a.id),
    }));
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(item.answers)) {
      if (v === true) values[k] = "on";
      else if (v !== null && v !== false) values[k] = String(v);
    }
    values._diet = item.diet_id ?? "";
    values._stop = item.stop_id ?? "";
    values._mode = item.mode ?? "";
    values._diet_notes = (item as { diet_notes?: string }).diet_notes ?? "";
    return page({ a, item, opts, docs, values, errors: {} });
  },
  async POST(c) {
    const state = c.get("state");
    const { db, claims, lang } = state;
    const a = await loadDraft(c);
    if (a instanceof Response) return a;
    const item = a.items.find((i) => i.id === c.req.param("item"));
    if (!item) throw new HttpError(404, "No such item", { code: "not_found" });
    const { opts, docs } = await db.asUser(claims!, async (tx) => ({
      opts: await itemOptions(tx, item.service_id),
      docs: await listDocuments(tx, a.id),
    }));
    const body = await c.req.parseBody();
    const str = (k: string) => typeof body[k] === "string" ? (body[k] as string).trim() : "";
    const errors: FieldErrors = {};
    const def = opts.form;
    // The service's own fields: files are judged by their bytes, kept ones by their record.
    const controls = readControls(def, body);
    const raw: RawValues = {};
    const uploads = new Map<string, { file: File; bytes: Uint8Array }>();
    for (const f of def.fields) {
      const v = controls[f.name];
      if (f.type !== "file") {
        raw[f.name] = typeof v === "string" ? v : undefined;
        continue;
      }
      if (v instanceof File && v.size > 0) {
        const bytes = new Uint8Array(await v.arrayBuffer());
        uploads.set(f.name, { file: v, bytes });
        raw[f.name] = { name: v.name, type: v.type, size: v.size, head: bytes.slice(0, 16) };
      } else {
        const kept = docs.find((d) => d.id === item.answers[f.name]);
        if (kept) {
          raw[f.name] = { name: kept.file_name, type: kept.content_type, size: kept.size_bytes };
        }
      }
    }
    const form = validateSubmission(def, raw);
    if (!form.ok) {
      for (const [k, m] of Object.entries(form.errors)) errors[controlId(k)] = m[lang];
    }
    // Canteen: the diet and, when the diet needs one, the doctor's certificate.
    const dietId = str("_diet") || null;
    const diet = dietId ? opts.diets.find((d) => d.id === dietId) : null;
    if (dietId && !diet) {
      errors._diet = state.tr("Scegli una dieta dell'elenco.", "Choose a diet from the list.");
    }
    const certFile = body._certificate instanceof File && body._certificate.size > 0
      ? body._certificate
      : null;
    const keptCert = docs.find((d) => d.item_id === item.id && d.kind === "diet_certificate");
    let cert: { bytes: Uint8Array; type: DocumentRow["content_type"]; name: string } | null = null;
    if (certFile) {
      const bytes = new Uint8Array(await certFile.arrayBuffer());
      const r = checkDocument(bytes, { it: "certificato medico", en: "medical certificate" });
      if (!r.ok) errors._certificate = r.errors.file[lang];
      else cert = { bytes, type: r.value, name: cleanFileName(certFile.name, r.value) };
    } else if (diet?.certificate_required && !keptCert) {
      errors._certificate = state.tr(
        `La dieta «${diet.name}» richiede il certificato del medico: allegalo in PDF, JPEG o PNG.`,
        `The diet “${diet.name}” needs the doctor's certificate: attach it as PDF, JPEG or PNG.`,
      );
    }
    // Transport: a stop of one of the service's routes.
    const stopId = str("_stop") || null;
    const stop = stopId ? opts.stops.find((s) => s.id === stopId) : null;
    if (opts.kind === "transport" && !stop) {
      errors._stop = state.tr(
        "Scegli la fermata dello scuolabus.",
        "Choose the school bus stop.",
      );
    }
    // Nursery: how many hours the child attends.
    const mode = str("_mode");
    if (opts.kind === "nursery" && !MODES.some(([m]) => m === mode)) {
      errors._mode = state.tr("Scegli l'orario di frequenza.", "Choose the attendance hours.");
    }
    const dietNotes = str("_diet_notes").slice(0, 1000);
    if (Object.keys(errors).length || !form.ok) {
      const values: Record<string, string> = {};
      for (const [k, v] of Object.entries(controls)) if (typeof v === "string") values[k] = v;
      Object.assign(values, {
        _diet: dietId ?? "",
        _stop: stopId ?? "",
        _mode: mode,
        _diet_notes: dietNotes,
      });
      return page({ a, item, opts, docs, values, errors }, { status: 422 });
    }
    // Everything checked: store the files, then the row; a failed transaction removes the files.
    const storage = storageFor(state.config);
    const tenantId = claims!.app_metadata.tenant_id!;
    const stored: string[] = [];
    const put = async (bytes: Uint8Array) => {
      const key = newStorageKey(tenantId);
      await storage.put(key, bytes);
      stored.push(key);
      return key;
    };
    const answers: Record<string, string | number | boolean | null> = {};
    for (const [k, v] of Object.entries(form.values)) {
      if (v === null || typeof v !== "object") answers[k] = v;
    }
    try {
      const dropped = await db.asUser(claims!, async (tx) => {
        const replaced: string[] = [];
        for (const f of def.fields) {
          if (f.type !== "file" || !(f.name in form.values)) continue;
          const up = uploads.get(f.name);
          const prev = docs.find((d) => d.id === item.answers[f.name]);
          if (up) {
            const type = (form.values[f.name] as { type: DocumentRow["content_type"] }).type;
            if (prev) replaced.push(prev.id);
            answers[f.name] = await addDocument(tx, {
              application_id: a.id,
              item_id: item.id,
              kind: /isee/.test(f.name) ? "isee" : "other",
              storage_key: await put(up.bytes),
              file_name: cleanFileName(up.file.name, type),
              content_type: type,
              size_bytes: up.bytes.length,
              uploaded_by: claims!.sub,
            });
          } else if (prev) answers[f.name] = prev.id;
        }
        if (cert) {
          if (keptCert) replaced.push(keptCert.id);
          await addDocument(tx, {
            application_id: a.id,
            item_id: item.id,
            kind: "diet_certificate",
            storage_key: await put(cert.bytes),
            file_name: cert.name,
            content_type: cert.type,
            size_bytes: cert.bytes.length,
            uploaded_by: claims!.sub,
          });
        } else if (!diet && keptCert) replaced.push(keptCert.id);
        await saveItemDetails(tx, a.id, item.id, {
          answers,
          site_id: null,
          mode: opts.kind === "nursery" ? mode as "full_time" : null,
          diet_id: diet?.id ?? null,
          diet_notes: diet ? dietNotes || null : null,
          route_id: stop?.route_id ?? null,
          stop_id: stop?.id ?? null,
        });
        return await deleteDocuments(tx, a.id, replaced);
      });
      for (const key of dropped) await storage.delete(key);
    } catch (e) {
      for (const key of stored) await storage.delete(key);
      throw e;
    }
    return c.redirect(`/famiglie/domande/${a.id}`, 303);
  },
});

/** Step 3, once per child × service: the service's own form, diet, stop or attendance hours. */
export default define.page<Data>(function ItemDetails({ data, state }) {
  const tr = state.tr;
  const { a, item, opts, docs, values, errors } = data;
  const child = item.child as { name?: string; surname?: string };
  const cert = docs.find((d) => d.item_id === item.id && d.kind === "diet_certificate");
  const formId = "item-form";
  return (
    <>
      <FamilyBreadcrumb state={state} items={[[tr("Domanda in bozza", "Draft application")]]} />
      <h1>{item.service_title}: {child.name} {child.surname}</h1>
      <WizardSteps state={state} current="dettagli" draft={a} />
      <ErrorSummary state={state} errors={errors} />
      <form
        id={formId}
        method="post"
        action={`/famiglie/domande/${a.id}/dettagli/${item.id}`}
        enctype="multipart/form-data"
        noValidate
      >
        <CsrfField state={state} />
        {opts.kind === "nursery" && (
          <fieldset class="mb-4">
            <legend class="h5">{tr("Orario di frequenza *", "Attendance hours *")}</legend>
            {MODES.map(([m, it, en], i) => (
              <div class="form-check" key={m}>
                <input
                  type="radio"
                  id={i === 0 ? "_mode" : `_mode-${m}`}
                  name="_mode"
                  value={m}
                  checked={values._mode === m}
                  aria-invalid={errors._mode ? "true" : undefined}
                />
                <label for={i === 0 ? "_mode" : `_mode-${m}`}>{tr(it, en)}</label>
              </div>
            ))}
            <FieldError field="_mode" errors={errors} />
          </fieldset>
        )}
        {opts.kind === "transport" && (
          <div class="select-wrapper mb-4">
            <label for="_stop">{tr("Fermata di salita *", "Bus stop *")}</label>
            <select
              id="_stop"
              name="_stop"
              aria-invalid={errors._stop ? "true" : undefined}
              aria-describedby={errors._stop ? "_stop-error" : undefined}
            >
              <option value="">{tr("Scegli la fermata", "Choose the stop")}</option>
              {opts.routes.map((r) => (
                <optgroup label={r.name} key={r.id}>
                  {opts.stops.filter((s) => s.route_id === r.id).map((s) => (
                    <option value={s.id} selected={values._stop === s.id} key={s.id}>
                      {s.position}. {s.name}
                      {s.pickup_time ? ` (${s.pickup_time})` : ""}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
            <FieldError field="_stop" errors={errors} />
          </div>
        )}
        {opts.kind === "transport" && opts.stops.length > 0 && (
          <section class="mb-4" aria-labelledby="map-title">
            <h2 id="map-title" class="h5">
              {tr("Le fermate sulla mappa", "The stops on the map")}
            </h2>
            <p class="small" id="map-hint">
              {tr(
                "Ogni numero sulla mappa è la fermata con lo stesso numero nell'elenco qui sopra, dove si sceglie.",
                "Each number on the map is the stop with the same number in the list above, where you choose it.",
              )}
            </p>
            <RouteMap
              lang={state.lang}
              label={tr("Mappa dei percorsi dello scuolabus", "Map of the school bus routes")}
              routes={mapRoutes(opts)}
              styleUrl={state.config.mapStyleUrl}
              edit={null}
            />
          </section>
        )}
        {opts.kind === "canteen" && (
          <fieldset class="mb-4">
            <legend class="h5">{tr("Dieta speciale", "Special diet")}</legend>
            <div class="select-wrapper mb-3">
              <label for="_diet">{tr("Dieta richiesta", "Diet requested")}</label>
              <select
                id="_diet"
                name="_diet"
                aria-invalid={errors._diet ? "true" : undefined}
                aria-describedby={errors._diet ? "_diet-error" : "_diet-hint"}
              >
                <option value="">{tr("Nessuna dieta speciale", "No special diet")}</option>
                {opts.diets.map((d) => (
                  <option value={d.id} selected={values._diet === d.id} key={d.id}>
                    {d.name}
                    {d.certificate_required
                      ? tr(" (serve il certificato medico)", " (medical certificate needed)")
                      : ""}
                  </option>
                ))}
              </select>
              <small id="_diet-hint" class="form-text d-block">
                {tr(
                  "Le diete sanitarie richiedono il certificato del pediatra.",
                  "Medical diets need the paediatrician's certificate.",
                )}
              </small>
              <FieldError field="_diet" errors={errors} />
            </div>
            <div class="form-group">
              <label for="_diet_notes" class="active">
                {tr("Note sulla dieta", "Notes on the diet")}
              </label>
              <textarea
                id="_diet_notes"
                name="_diet_notes"
                class="form-control"
                rows={3}
                maxLength={1000}
              >
                {values._diet_notes}
              </textarea>
            </div>
            <div class="form-group">
              <label for="_certificate" class="active">
                {tr("Certificato medico", "Medical certificate")}
              </label>
              <input
                type="file"
                id="_certificate"
                name="_certificate"
                class={`form-control${errors._certificate ? " is-invalid" : ""}`}
                accept="application/pdf,image/jpeg,image/png"
                aria-invalid={errors._certificate ? "true" : undefined}
                aria-describedby={errors._certificate
                  ? "_certificate-hint _certificate-error"
                  : "_certificate-hint"}
              />
              <small id="_certificate-hint" class="form-text d-block">
                {tr("PDF, JPEG o PNG, al massimo 5 MB.", "PDF, JPEG or PNG, at most 5 MB.")}
                {cert &&
                  tr(` Già allegato: ${cert.file_name}.`, ` Already attached: ${cert.file_name}.`)}
              </small>
              <FieldError field="_certificate" errors={errors} />
            </div>
          </fieldset>
        )}
        {opts.form.fields.length > 0 && (
          <fieldset class="mb-4">
            <legend class="h5">{tr("Modulo del servizio", "Service form")}</legend>
            <FormFields
              def={opts.form}
              values={values}
              errors={Object.fromEntries(
                Object.entries(errors).filter(([k]) => k.startsWith("f_")).map((
                  [k, v],
                ) => [k.slice(2), v]),
              )}
              lang={state.lang}
              formId={formId}
            />
          </fieldset>
        )}
        {opts.form.fields.length === 0 && opts.kind !== "canteen" && opts.kind !== "transport" &&
          opts.kind !== "nursery" && (
          <p>
            {tr(
              "Per questo servizio non servono altri dati.",
              "This service needs no further data.",
            )}
          </p>
        )}
        <button type="submit" class="btn btn-primary">
          {tr("Salva e continua", "Save and continue")}
        </button>
        <a class="btn btn-outline-primary ms-2" href={`/famiglie/domande/${a.id}/bambini`}>
          {tr("Indietro", "Back")}
        </a>
      </form>
    </>
  );
});
