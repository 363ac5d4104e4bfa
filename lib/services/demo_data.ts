/**
 * Demo data of the services seed: the canteen's four-week menu, the transport and nursery online
 * forms, the canteen's diet types.
 *
 * @module
 */

import type { FieldInput } from "../forms/definition.ts";
import type { AllergenCode } from "./allergens.ts";
import type { Course, DietKind } from "./labels.ts";

type Day = [first: Dish, second: Dish | null, side: Dish, last?: Dish];
type Dish = [name: string, allergens?: AllergenCode[]];

const FRUIT: Dish = ["Frutta fresca di stagione"];

/**
 * The demo Comune's winter menu: four weeks, Monday to Friday, as Tuscan school canteens publish
 * them (first course, main course, side dish, fruit), with the allergens of every dish.
 */
const WEEKS: Day[][] = [
  [
    [["Pasta al pomodoro e basilico", ["gluten"]], ["Frittata al forno con zucchine", [
      "eggs",
      "milk",
    ]], ["Insalata verde"]],
    [["Riso all'olio e parmigiano", ["milk"]], ["Bocconcini di pollo al limone", ["gluten"]], [
      "Carote julienne",
    ]],
    [["Passato di verdure con crostini", ["gluten", "celery"]], ["Merluzzo gratinato", [
      "fish",
      "gluten",
    ]], ["Patate al forno"]],
    [["Pasta al ragù di carne", ["gluten", "celery"]], ["Mozzarella", ["milk"]], [
      "Fagiolini all'olio",
    ]],
    [["Pizza margherita", ["gluten", "milk"]], ["Prosciutto cotto"], ["Insalata di pomodori"], [
      "Yogurt alla frutta",
      ["milk"],
    ]],
  ],
  [
    [["Pasta al pesto", ["gluten", "milk"]], ["Arrosto di tacchino"], ["Spinaci all'olio"]],
    [["Minestra di legumi con pasta", ["gluten", "celery"]], ["Stracchino", ["milk"]], [
      "Finocchi gratinati",
      ["milk", "gluten"],
    ]],
    [["Risotto allo zafferano", ["milk", "celery"]], ["Polpette di manzo al sugo", [
      "gluten",
      "eggs",
      "milk",
    ]], ["Piselli al tegame"]],
    [["Pasta e ceci", ["gluten", "celery"]], ["Filetto di platessa impanato", [
      "fish",
      "gluten",
      "eggs",
    ]], ["Insalata mista"]],
    [["Gnocchi al pomodoro", ["gluten", "eggs"]], ["Uovo sodo", ["eggs"]], ["Carote all'olio"]],
  ],
  [
    [["Pasta integrale al pomodoro", ["gluten"]], ["Cosce di pollo al forno"], [
      "Patate lesse al prezzemolo",
    ]],
    [["Crema di zucca con riso", ["milk", "celery"]], ["Tortino di ricotta e spinaci", [
      "milk",
      "eggs",
      "gluten",
    ]], ["Insalata verde"]],
    [["Pasta al tonno", ["gluten", "fish"]], ["Caciotta", ["milk"]], ["Fagiolini all'olio"]],
    [["Lasagne al ragù", ["gluten", "eggs", "milk", "celery"]], null, ["Verdure grigliate"]],
    [["Riso e piselli", ["celery"]], ["Bastoncini di merluzzo", ["fish", "gluten"]], [
      "Purè di patate",
      ["milk"],
    ]],
  ],
  [
    [["Pasta al ragù di lenticchie", ["gluten", "celery"]], ["Mozzarella", ["milk"]], [
      "Insalata di carote",
    ]],
    [["Zuppa di farro e fagioli", ["gluten", "celery"]], ["Polpettone di tacchino", [
      "eggs",
      "gluten",
      "milk",
    ]], ["Patate al forno"]],
    [["Pasta al pomodoro e ricotta", ["gluten", "milk"]], ["Merluzzo al forno con olive"], [
      "Bietola all'olio",
    ]],
    [["Risotto ai funghi", ["milk", "celery"]], ["Arista al forno"], ["Carote al vapore"]],
    [["Pizza rossa", ["gluten"]], ["Prosciutto crudo"], ["Insalata di finocchi"], [
      "Budino al cacao",
      ["milk", "soybeans"],
    ]],
  ],
];

export interface DemoMenuItem {
  week: number;
  weekday: number;
  course: Course;
  dish: string;
  allergens: AllergenCode[];
}

/** Every dish of the demo menu, with week (1–4), weekday (1–5) and course. */
export function demoMenuItems(): DemoMenuItem[] {
  const out: DemoMenuItem[] = [];
  WEEKS.forEach((days, w) =>
    days.forEach(([first, second, side, last], d) => {
      const add = (course: Course, dish: Dish | null | undefined) => {
        if (dish) {
          out.push({
            week: w + 1,
            weekday: d + 1,
            course,
            dish: dish[0],
            allergens: dish[1] ?? [],
          });
        }
      };
      add("first", first);
      add("second", second);
      add("side", side);
      add("fruit", FRUIT);
      if (last) add("dessert", last);
    })
  );
  return out;
}

/** Transport: autonomous exit from the school bus (art. 19-bis D.L. 148/2017) or delegates. */
export const TRANSPORT_FORM: FieldInput[] = [
  {
    name: "uscita_autonoma",
    type: "checkbox",
    label: "Autorizzo l'uscita autonoma dallo scuolabus alla fermata (art. 19-bis D.L. 148/2017)",
    help: "Solo per alunni della scuola secondaria di primo grado.",
  },
  {
    name: "delegati",
    type: "textarea",
    label: "Persone delegate a ricevere l'alunno alla fermata",
    help: "Nome, cognome e telefono, una persona per riga.",
    max_length: 600,
    show_if: { field: "uscita_autonoma", equals: "false" },
  },
];

/** Nursery: attendance hours, working parents, the ISEE certificate. */
export const NURSERY_FORM: FieldInput[] = [
  {
    name: "frequenza",
    type: "radio",
    label: "Orario di frequenza richiesto",
    required: true,
    options: [
      { value: "tempo_pieno", label: "Tempo pieno (7:30–16:30)" },
      { value: "part_time", label: "Tempo parziale mattina (7:30–13:30)" },
    ],
  },
  {
    name: "genitori_lavoratori",
    type: "number",
    label: "Genitori che lavorano",
    integer: true,
    min: 0,
    max: 2,
    required: true,
  },
  {
    name: "attestazione_isee",
    type: "file",
    label: "Attestazione ISEE per prestazioni agevolate rivolte a minorenni",
    accept: ["application/pdf"],
    max_size_mb: 5,
  },
];

/** Diet types of the demo canteen: medical ones need a certificate, ethical and religious not. */
export const DEMO_DIETS: [
  code: string,
  name: string,
  kind: DietKind,
  certificate: boolean,
  text: string,
][] = [
  [
    "CELIACHIA",
    "Celiachia (senza glutine)",
    "medical",
    true,
    "Pasti senza glutine preparati in zona dedicata.",
  ],
  [
    "APLV",
    "Allergia alle proteine del latte vaccino",
    "medical",
    true,
    "Esclusi latte e derivati.",
  ],
  [
    "ALLERGIE",
    "Altre allergie e intolleranze alimentari",
    "medical",
    true,
    "Secondo il certificato.",
  ],
  [
    "DIABETE",
    "Diabete di tipo 1",
    "medical",
    true,
    "Grammature indicate dal servizio di diabetologia pediatrica.",
  ],
  [
    "LEGGERA",
    "Dieta leggera (in bianco)",
    "medical",
    false,
    "Per indisposizioni temporanee, fino a 3 giorni senza certificato.",
  ],
  [
    "NO-MAIALE",
    "Senza carne di maiale",
    "religious",
    false,
    "Il maiale è sostituito da carne bianca.",
  ],
  [
    "NO-CARNE",
    "Senza carne",
    "religious",
    false,
    "La carne è sostituita da legumi, uova o formaggio.",
  ],
  ["VEGETARIANA", "Vegetariana", "ethical", false, "Senza carne e pesce."],
  [
    "VEGANA",
    "Vegana",
    "ethical",
    false,
    "Senza alimenti di origine animale; richiede un colloquio con la dietista.",
  ],
];
