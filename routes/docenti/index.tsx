import { RoleSummary } from "../../components/RoleSummary.tsx";
import { define } from "../../lib/http/define.ts";
import { formatDate } from "../../lib/i18n/mod.ts";

/** The teacher's "today": the day's register starts here. */
export default define.page(function TeacherToday({ state }) {
  return (
    <>
      <RoleSummary state={state} title={state.tr("Oggi", "Today")} />
      <section aria-labelledby="classes-title">
        <h2 id="classes-title" class="h4">
          {state.tr("Le tue classi", "Your classes")} — {formatDate(state.lang, new Date())}
        </h2>
        <p>
          {state.tr(
            "Non sei ancora assegnato a nessuna classe per quest'anno scolastico. L'ufficio scuola del Comune ti assegnerà le classi: le troverai qui con presenze e diario.",
            "You are not assigned to any class for this school year yet. The Comune's school office will assign your classes: you will find them here with attendance and diary.",
          )}
        </p>
      </section>
    </>
  );
});
