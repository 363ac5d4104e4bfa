/**
 * The @font-face rules of Bootstrap Italia's typefaces. Its stylesheet names Titillium Web (text
 * and headings), Lora (card text) and Roboto Mono, but declares none of them: the library's own
 * `loadFonts()` injects the rules from JavaScript, which would leave pages in fallback fonts
 * until scripts run (and without them). The app serves these rules as a stylesheet beside the
 * library's (`/static/vendor/bootstrap-italia@…/css/fonts.css`), pointing at the font files the
 * package ships, relative to it so they follow the version in the path. WOFF2 only: every
 * browser the app supports reads it.
 *
 * @module
 */

interface Face {
  family: string;
  dir: string;
  prefix: string;
  /** File suffix → weight and style. */
  files: [suffix: string, weight: number, style: "normal" | "italic"][];
}

const FACES: Face[] = [
  {
    family: "Titillium Web",
    dir: "Titillium_Web",
    prefix: "titillium-web-v10-latin-ext_latin",
    files: [
      ["300", 300, "normal"],
      ["300italic", 300, "italic"],
      ["regular", 400, "normal"],
      ["italic", 400, "italic"],
      ["600", 600, "normal"],
      ["600italic", 600, "italic"],
      ["700", 700, "normal"],
      ["700italic", 700, "italic"],
    ],
  },
  {
    family: "Lora",
    dir: "Lora",
    prefix: "lora-v20-latin-ext_latin",
    files: [
      ["regular", 400, "normal"],
      ["italic", 400, "italic"],
      ["700", 700, "normal"],
      ["700italic", 700, "italic"],
    ],
  },
  {
    family: "Roboto Mono",
    dir: "Roboto_Mono",
    prefix: "roboto-mono-v13-latin-ext_latin",
    files: [
      ["regular", 400, "normal"],
      ["italic", 400, "italic"],
      ["700", 700, "normal"],
      ["700italic", 700, "italic"],
    ],
  },
];

/** Each font file, relative to the package's `dist/` folder. */
export const FONT_FILES: readonly string[] = FACES.flatMap((f) =>
  f.files.map(([suffix]) => `fonts/${f.dir}/${f.prefix}-${suffix}.woff2`)
);

/** The stylesheet, for a file in the package's `dist/css/` folder. */
export const FONTS_CSS: string =
  FACES.flatMap((f) =>
    f.files.map(([suffix, weight, style]) =>
      `@font-face{font-family:"${f.family}";font-style:${style};font-weight:${weight};` +
      `font-display:swap;src:url("../fonts/${f.dir}/${f.prefix}-${suffix}.woff2") format("woff2")}`
    )
  ).join("\n") + "\n";
