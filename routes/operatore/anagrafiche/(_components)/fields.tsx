import { CheckboxField } from "../../../../components/CheckboxField.tsx";
import { TextAreaField } from "../../../../components/TextAreaField.tsx";
import { TextField } from "../../../../components/TextField.tsx";

/** A labelled select with hint and error. `options` are [value, label] pairs. */
export { SelectField } from "../../../../components/SelectField.tsx";

/** A date input (the browser's date picker), value YYYY-MM-DD. */
export function DateField(
  p: Omit<Parameters<typeof TextField>[0], "type" | "min">,
) {
  return <TextField {...p} type="date" min="1900-01-02" />;
}

/** A single checkbox with its label (posted as "1" unless told). */
export function CheckField(p: Parameters<typeof CheckboxField>[0]) {
  return <CheckboxField value="1" {...p} />;
}

/** A labelled textarea with error. */
export function TextArea(p: Parameters<typeof TextAreaField>[0]) {
  return <TextAreaField rows={3} {...p} />;
}

/** Body fields of a posted form: text (trimmed to "" when absent) and repeated values. */
export type FormBody = Record<string, string | File | (string | File)[]>;

export function text(body: FormBody, key: string): string {
  const v = body[key];
  const one = Array.isArray(v) ? v[0] : v;
  return typeof one === "string" ? one : "";
}

export function list(body: FormBody, key: string): string[] {
  const v = body[key];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string =>
    typeof x === "string"
  );
}
