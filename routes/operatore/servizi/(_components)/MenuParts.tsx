import { CsrfField } from "../../../../components/CsrfField.tsx";
import type { FieldErrors } from "../../../../components/FormErrors.tsx";
import { weekdayName } from "../../../../lib/calendar/service_calendar.ts";
import type { State } from "../../../../lib/http/define.ts";
import { allergenNames, ALLERGENS } from "../../../../lib/services/allergens.ts";
import { COURSE_LABELS, COURSES, label } from "../../../../lib/services/labels.ts";
import type { Menu } from "../../../../lib/services/menus.ts";
import { Choices, Input, Select } from "./fields.tsx";

type Form = Record<string, string | string[]>;
const one = (f: Form, k: string) => {
  const v = f[k];
  return Array.isArray(v) ? v[0] ?? "" : v ?? "";
};

/** One week of the rotation: a row per day, the dishes in serving order with their allergens. */
export function MenuWeek(
  { state, base, menu, week }: { state: State; base: string; menu: Menu; week: number },
) {
  const items = menu.items.filter((i) => i.week === week);
  const days = [1, 2, 3, 4, 5, 6, 7].filter((d) => d <= 5 || items.some((i) => i.weekday === d));
  return (
    <section aria-labelledby="settimana" class="mb-4">
      <h3 id="settimana" class="h5" tabIndex={-1}>
        {state.tr(
          `Settimana ${week} di ${menu.rotation_weeks}`,
          `Week ${week} of ${menu.rotation_weeks}`,
        )}
      </h3>
      <nav aria-label={state.tr("Settimane della rotazione", "Weeks of the rotation")}>
        <ul class="pagination">
          {Array.from({ length: menu.rotation_weeks }, (_, i) => i + 1).map((w) => (
            <li class="page-item" key={w}>
              <a
                class={`page-link${w === week ? " active" : ""}`}
                href={`${base}?menu=${menu.id}&settimana=${w}#settimana`}
                aria-current={w === week ? "page" : undefined}
              >
                <span class="visually-hidden">{state.tr("Settimana", "Week")}</span> {w}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="table-responsive">
        <table class="table">
          <caption>
            {state.tr(
              `${menu.name}, settimana ${week}: piatti e allergeni`,
              `${menu.name}, week ${week}: dishes and allergens`,
            )}
          </caption>
          <thead>
            <tr>
              <th scope="col">{state.tr("Giorno", "Day")}</th>
              <th scope="col">{state.tr("Piatti", "Dishes")}</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => {
              const dishes = items.filter((i) => i.weekday === d);
              return (
                <tr key={d}>
                  <th scope="row" class="text-capitalize">{weekdayName(d, state.lang)}</th>
                  <td>
                    {dishes.length === 0
                      ? <span class="text-secondary">{state.tr("Nessun piatto", "No dishes")}</span>
                      : (
                        <ul class="list-unstyled mb-0">
                          {dishes.map((i) => (
                            <li
                              key={i.id}
                              class="mb-2 d-flex justify-content-between align-items-start gap-2"
                            >
                              <span>
                                <span class="text-secondary">
                                  {label(COURSE_LABELS, i.course, state.lang)}:
                                </span>{" "}
                                {i.dish}
                                <small class="d-block">
                                  {i.allergens.length
                                    ? state.tr(
                                      `Allergeni: ${allergenNames(i.allergens, "it")}`,
                                      `Allergens: ${allergenNames(i.allergens, "en")}`,
                                    )
                                    : state.tr(
                                      "Nessun allergene dichiarato",
                                      "No declared allergens",
                                    )}
                                </small>
                              </span>
                              <form method="post" action={base}>
                                <CsrfField state={state} />
                                <input type="hidden" name="action" value="delete_item" />
                                <input type="hidden" name="menu_id" value={menu.id} />
                                <input type="hidden" name="item_id" value={i.id} />
                                <input type="hidden" name="week" value={String(week)} />
                                <button type="submit" class="btn btn-outline-danger btn-sm">
                                  {state.tr("Togli", "Remove")}
                                  <span class="visually-hidden">«{i.dish}»</span>
                                </button>
                              </form>
                            </li>
                          ))}
                        </ul>
                      )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Add a dish to a day of the rotation, ticking its allergens. */
export function AddDishForm(
  { state, base, menu, week, form, errors }: {
    state: State;
    base: string;
    menu: Menu;
    week: number;
    form: Form;
    errors: FieldErrors;
  },
) {
  const posted = one(form, "action") === "add_item";
  const p = { state, errors };
  return (
    <section aria-labelledby="add-dish" class="mb-4">
      <h3 id="add-dish" class="h5">{state.tr("Aggiungi un piatto", "Add a dish")}</h3>
      <form method="post" action={base} noValidate>
        <CsrfField state={state} />
        <input type="hidden" name="action" value="add_item" />
        <input type="hidden" name="menu_id" value={menu.id} />
        <div class="row">
          <div class="col-md-4">
            <Select
              {...p}
              id="item_week"
              label={state.tr("Settimana", "Week")}
              value={posted ? one(form, "item_week") : String(week)}
              options={Array.from(
                { length: menu.rotation_weeks },
                (_, i) => [String(i + 1), String(i + 1)],
              )}
              required
            />
          </div>
          <div class="col-md-4">
            <Select
              {...p}
              id="item_weekday"
              label={state.tr("Giorno", "Day")}
              value={posted ? one(form, "item_weekday") : "1"}
              options={[1, 2, 3, 4, 5, 6, 7].map((d) => [String(d), weekdayName(d, state.lang)])}
              required
            />
          </div>
          <div class="col-md-4">
            <Select
              {...p}
              id="item_course"
              label={state.tr("Portata", "Course")}
              value={posted ? one(form, "item_course") : "first"}
              options={COURSES.map((c) => [c, label(COURSE_LABELS, c, state.lang)])}
              required
            />
          </div>
        </div>
        <Input
          {...p}
          id="item_dish"
          label={state.tr("Piatto", "Dish")}
          value={posted ? one(form, "item_dish") : ""}
          maxLength={200}
          required
        />
        <Choices
          {...p}
          id="item_allergens"
          type="checkbox"
          label={state.tr(
            "Allergeni (Reg. UE 1169/2011, allegato II)",
            "Allergens (Reg. EU 1169/2011, Annex II)",
          )}
          values={posted ? (Array.isArray(form.item_allergens) ? form.item_allergens : []) : []}
          options={ALLERGENS.map((a) => [a.code, `${a.n}. ${a[state.lang]}`])}
          inline
        >
          <details class="mt-2">
            <summary>
              {state.tr("Testo completo dell'allegato II", "Full text of Annex II")}
            </summary>
            <ol class="small">{ALLERGENS.map((a) => <li key={a.code}>{a.annex}</li>)}</ol>
          </details>
        </Choices>
        <button type="submit" class="btn btn-primary">
          {state.tr("Aggiungi il piatto", "Add the dish")}
        </button>
      </form>
    </section>
  );
}

/** A new menu: its name, rotation length and dates. */
export function NewMenuForm(
  { state, base, form, errors }: { state: State; base: string; form: Form; errors: FieldErrors },
) {
  const posted = one(form, "action") === "create_menu";
  const v = (k: string) => posted ? one(form, k) : "";
  const p = { state, errors };
  return (
    <section aria-labelledby="new-menu" class="mt-5">
      <h2 id="new-menu" class="h4">{state.tr("Nuovo menù", "New menu")}</h2>
      <form method="post" action={base} noValidate>
        <CsrfField state={state} />
        <input type="hidden" name="action" value="create_menu" />
        <Input
          {...p}
          id="menu_name"
          label={state.tr("Nome", "Name")}
          value={v("menu_name")}
          maxLength={100}
          required
          hint={state.tr("Ad esempio «Menù primaverile».", "E.g. “Spring menu”.")}
        />
        <Select
          {...p}
          id="menu_weeks"
          label={state.tr("Settimane di rotazione", "Weeks in the rotation")}
          value={v("menu_weeks") || "4"}
          options={[1, 2, 3, 4, 5, 6, 7, 8].map((n) => [String(n), String(n)])}
          required
        />
        <div class="row">
          <div class="col-md-6">
            <Input
              {...p}
              id="menu_from"
              type="date"
              label={state.tr("In vigore dal (un lunedì)", "In force from (a Monday)")}
              value={v("menu_from")}
              required
            />
          </div>
          <div class="col-md-6">
            <Input
              {...p}
              id="menu_to"
              type="date"
              label={state.tr("Fino al (facoltativo)", "Until (optional)")}
              value={v("menu_to")}
            />
          </div>
        </div>
        <button type="submit" class="btn btn-primary">
          {state.tr("Crea il menù", "Create the menu")}
        </button>
      </form>
    </section>
  );
}
