import type { FieldErrors } from "../../../../components/FormErrors.tsx";
import type { State } from "../../../../lib/http/define.ts";
import { stopFieldId, type StopForm } from "../../../../lib/transport/forms.ts";
import { Field, TextArea } from "./fields.tsx";

/**
 * The fields of a stop: name, position in decimal degrees, the two times and notes. Used by the
 * add-stop form of the route page (which the map fills on a click) and by the edit page.
 */
export function StopFields(
  { state, form, errors }: { state: State; form: StopForm; errors: FieldErrors },
) {
  const { tr } = state;
  return (
    <>
      <Field
        state={state}
        id={stopFieldId("name")}
        name="name"
        label={tr("Nome della fermata", "Stop name")}
        value={form.name}
        errors={errors}
        required
        maxLength={200}
        hint={tr("Ad esempio «Piazza Dalmazia».", "For example “Piazza Dalmazia”.")}
      />
      <div class="row">
        <div class="col-sm-6">
          <Field
            state={state}
            id={stopFieldId("latitude")}
            name="latitude"
            label={tr("Latitudine", "Latitude")}
            value={form.latitude}
            errors={errors}
            required
            inputMode="decimal"
            maxLength={20}
            hint={tr("Gradi decimali, ad esempio 43,7731", "Decimal degrees, e.g. 43.7731")}
          />
        </div>
        <div class="col-sm-6">
          <Field
            state={state}
            id={stopFieldId("longitude")}
            name="longitude"
            label={tr("Longitudine", "Longitude")}
            value={form.longitude}
            errors={errors}
            required
            inputMode="decimal"
            maxLength={20}
            hint={tr("Gradi decimali, ad esempio 11,2560", "Decimal degrees, e.g. 11.2560")}
          />
        </div>
      </div>
      <div class="row">
        <div class="col-sm-6">
          <Field
            state={state}
            id={stopFieldId("time_there")}
            name="time_there"
            type="time"
            label={tr("Orario di andata", "Outbound time")}
            value={form.time_there}
            errors={errors}
            hint={tr("Passaggio verso la scuola", "On the way to school")}
          />
        </div>
        <div class="col-sm-6">
          <Field
            state={state}
            id={stopFieldId("time_back")}
            name="time_back"
            type="time"
            label={tr("Orario di ritorno", "Return time")}
            value={form.time_back}
            errors={errors}
            hint={tr("Passaggio al ritorno da scuola", "On the way back from school")}
          />
        </div>
      </div>
      <TextArea
        state={state}
        id={stopFieldId("notes")}
        name="notes"
        label={tr("Note per le famiglie (facoltative)", "Notes for families (optional)")}
        value={form.notes}
        errors={errors}
        hint={tr(
          "Ad esempio dove aspettare esattamente.",
          "For example where exactly to wait.",
        )}
      />
    </>
  );
}
