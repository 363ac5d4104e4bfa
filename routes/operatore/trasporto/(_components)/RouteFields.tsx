import { CheckboxField } from "../../../../components/CheckboxField.tsx";
import type { FieldErrors } from "../../../../components/FormErrors.tsx";
import { SelectField } from "../../../../components/SelectField.tsx";
import type { State } from "../../../../lib/http/define.ts";
import type { TransportService } from "../../../../lib/transport/db.ts";
import type { RouteForm } from "../../../../lib/transport/forms.ts";
import { Field, TextArea } from "./fields.tsx";

/** The fields of a route: its service, code, name, colour on the map, vehicle and notes. */
export function RouteFields(
  { state, form, errors, services }: {
    state: State;
    form: RouteForm;
    errors: FieldErrors;
    services: TransportService[];
  },
) {
  const { tr } = state;
  return (
    <>
      <SelectField
        state={state}
        id="service_id"
        label={tr("Servizio di trasporto", "Transport service")}
        value={form.service_id}
        options={services.map((s) => [s.id, `${s.title} (${s.code})`])}
        errors={errors}
        required
        empty={services.length > 1 ? tr("Scegli…", "Choose…") : undefined}
      />
      <div class="row">
        <div class="col-sm-4">
          <Field
            state={state}
            id="code"
            name="code"
            label={tr("Codice", "Code")}
            value={form.code}
            errors={errors}
            required
            maxLength={20}
            hint={tr("Breve, ad esempio A o L1", "Short, e.g. A or L1")}
          />
        </div>
        <div class="col-sm-8">
          <Field
            state={state}
            id="name"
            name="name"
            label={tr("Nome della linea", "Route name")}
            value={form.name}
            errors={errors}
            required
            maxLength={200}
            hint={tr("Ad esempio «Linea A – Rifredi»", "E.g. “Line A – Rifredi”")}
          />
        </div>
      </div>
      <div class="row">
        <div class="col-sm-4">
          <Field
            state={state}
            id="color"
            name="color"
            type="color"
            label={tr("Colore sulla mappa", "Colour on the map")}
            value={form.color}
            errors={errors}
          />
        </div>
        <div class="col-sm-5">
          <Field
            state={state}
            id="vehicle"
            name="vehicle"
            label={tr("Mezzo (facoltativo)", "Vehicle (optional)")}
            value={form.vehicle}
            errors={errors}
            maxLength={200}
            hint={tr("Ad esempio «Scuolabus 28 posti»", "E.g. “School bus, 28 seats”")}
          />
        </div>
        <div class="col-sm-3">
          <Field
            state={state}
            id="capacity"
            name="capacity"
            type="number"
            inputMode="numeric"
            label={tr("Posti (facoltativo)", "Seats (optional)")}
            value={form.capacity}
            errors={errors}
          />
        </div>
      </div>
      <TextArea
        state={state}
        id="direction_notes"
        name="direction_notes"
        label={tr("Note sul percorso (facoltative)", "Notes on the route (optional)")}
        value={form.direction_notes}
        errors={errors}
        hint={tr(
          "Come va lo scuolabus all'andata e al ritorno; le famiglie le leggono.",
          "How the bus goes there and back; families read them.",
        )}
      />
      <CheckboxField
        id="active"
        label={tr("Linea attiva (visibile alle famiglie)", "Active route (visible to families)")}
        checked={form.active}
        spacing="mb-4"
      />
    </>
  );
}
