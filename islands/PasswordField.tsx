/**
 * Bootstrap Italia password field with a show/hide toggle.
 *
 * Without JavaScript it is a plain labelled `<input type="password">` that
 * submits with its form. The toggle button is only rendered after hydration
 * (a button that does nothing must not be offered), and follows the APG
 * toggle-button pattern: a constant accessible name (`showLabel`) with
 * `aria-pressed` carrying the state; the tooltip names the next action.
 *
 * @module
 */

import { useEffect, useRef, useState } from "preact/hooks";

/** Props of {@link PasswordField}; all plain data, as islands require. */
export interface PasswordFieldProps {
  id: string;
  name: string;
  label: string;
  autocomplete: "current-password" | "new-password";
  required?: boolean;
  /** Accessible name of the toggle, e.g. "Mostra password". */
  showLabel: string;
  /** Tooltip of the toggle while the password is shown, e.g. "Nascondi password". */
  hideLabel: string;
  invalid?: boolean;
  /** Space-separated ids of the hint/error texts describing the input. */
  describedBy?: string;
}

// Paths of it-password-visible / it-password-invisible from the Bootstrap
// Italia sprite, inlined so the field does not depend on where the sprite is served.
const EYE =
  "M21.8 11.5C19 6.1 12.4 3.9 7 6.7c-2.1 1.1-3.7 2.7-4.8 4.8L2 12l.2.5c2.8 5.4 9.4 7.6 14.8 4.8 2.1-1.1 3.7-2.7 4.8-4.8l.2-.5-.2-.5zm-9.8 6c-3.8 0-7.2-2.1-8.9-5.5C4.8 8.6 8.2 6.5 12 6.5c3.8 0 7.2 2.1 8.9 5.5a9.88 9.88 0 0 1-8.9 5.5zM12 8c-2.2 0-4 1.8-4 4s1.8 4 4 4 4-1.8 4-4-1.8-4-4-4zm0 7c-1.7 0-3-1.3-3-3s1.3-3 3-3 3 1.3 3 3c.1 1.6-1.2 2.9-2.8 3H12z";
const EYE_OFF =
  "M15 12c0-.7-.3-1.4-.7-1.9l.4-1.1c.8.8 1.3 1.9 1.3 3 0 2.2-1.7 3.9-3.9 4l.4-1.1c1.4-.2 2.5-1.4 2.5-2.9zM3.1 12C4.8 8.6 8.2 6.5 12 6.5h.4l.4-.9H12c-4.1 0-7.9 2.3-9.8 6L2 12l.2.5c1.3 2.5 3.5 4.4 6.1 5.3l.3-.9C6.2 16 4.2 14.3 3.1 12zm18.7-.5c-1.3-2.5-3.5-4.4-6.1-5.3l-.3.9c2.4.9 4.4 2.6 5.5 4.9a9.88 9.88 0 0 1-8.9 5.5h-.4l-.4.9h.8c4.1 0 7.9-2.3 9.8-6l.2-.4-.2-.5zM11.5 9.1l.4-1.1C9.7 8.1 8 9.8 8 12c0 1.1.5 2.2 1.3 3l.4-1.1c-.4-.5-.7-1.2-.7-1.9 0-1.5 1.1-2.7 2.5-2.9zm3.1-5.7L8.5 20.3l.9.3 6.1-16.9-.9-.3z";

export default function PasswordField(props: PasswordFieldProps) {
  const [enhanced, setEnhanced] = useState(false);
  const [visible, setVisible] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  // Effects never run during server rendering, so the first client render
  // matches the server HTML and the toggle appears right after hydration.
  useEffect(() => {
    setEnhanced(true);
    // Hide again on submit, synchronously (a state update would land after
    // the submission): password managers look for type="password", and the
    // page may be restored from the back/forward cache with the field shown.
    const form = input.current?.form;
    const hide = () => {
      if (input.current) input.current.type = "password";
      setVisible(false);
    };
    form?.addEventListener("submit", hide);
    return () => form?.removeEventListener("submit", hide);
  }, []);

  const inputClass = `form-control input-password${props.invalid ? " is-invalid" : ""}`;
  return (
    <div class="form-group">
      <label for={props.id} class="active">{props.label}</label>
      <input
        ref={input}
        type={visible ? "text" : "password"}
        class={inputClass}
        id={props.id}
        name={props.name}
        autocomplete={props.autocomplete}
        required={props.required}
        aria-invalid={props.invalid ? "true" : undefined}
        aria-describedby={props.describedBy}
        autocapitalize="off"
        spellcheck={false}
      />
      {enhanced && (
        <button
          type="button"
          class="password-icon btn"
          aria-controls={props.id}
          aria-pressed={visible ? "true" : "false"}
          title={visible ? props.hideLabel : props.showLabel}
          onClick={() => setVisible((v) => !v)}
        >
          <span class="visually-hidden">{props.showLabel}</span>
          <svg class="icon icon-sm" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d={visible ? EYE_OFF : EYE} />
          </svg>
        </button>
      )}
    </div>
  );
}
