/**
 * The demo Comune's school bus: two routes on the outskirts of Florence (the demo Comune is in
 * the province), each ending at its school, with the times of the morning run (andata) and of
 * the afternoon run back (ritorno, which visits the stops in reverse order).
 *
 * @module
 */

import type { Tx } from "../db/types.ts";
import { createRoute } from "./db.ts";
import { replaceStops, type StopInput } from "./stops.ts";

type Stop = [name: string, lat: number, lon: number, there: string, back: string, notes?: string];

const ROUTES: {
  code: string;
  name: string;
  color: string;
  vehicle: string;
  capacity: number;
  direction_notes: string;
  stops: Stop[];
}[] = [
  {
    code: "A",
    name: "Linea A – Rifredi, Careggi → Scuola primaria «Lorenzo il Magnifico»",
    color: "#0066cc",
    vehicle: "Scuolabus Iveco Daily 28+1 posti",
    capacity: 28,
    direction_notes:
      "Andata da Ponte di Mezzo verso Careggi; al ritorno il percorso è inverso. Accompagnatrice a bordo.",
    stops: [
      ["Ponte di Mezzo – via Mariti", 43.786012, 11.233205, "07:25", "13:40"],
      ["Via Reginaldo Giuliani – Santo Stefano in Pane", 43.800214, 11.23241, "07:30", "13:35"],
      ["Stazione di Rifredi – piazza Dalmazia", 43.795812, 11.239801, "07:35", "13:30"],
      ["Piazza Leopoldo", 43.789305, 11.246512, "07:41", "13:24", "Fermata lato giardino"],
      ["Viale Morgagni – Careggi", 43.800702, 11.249303, "07:46", "13:19"],
      ["Largo Brambilla", 43.805109, 11.247006, "07:50", "13:15"],
      [
        "Scuola primaria «Lorenzo il Magnifico»",
        43.808517,
        11.244812,
        "07:55",
        "13:10",
        "Ingresso da via delle Gore",
      ],
    ],
  },
  {
    code: "B",
    name: "Linea B – Gavinana, Sorgane → Scuola secondaria «Poliziano»",
    color: "#d1344c",
    vehicle: "Scuolabus Mercedes Sprinter 33+1 posti",
    capacity: 33,
    direction_notes: "Andata da Sorgane verso Gavinana; al ritorno il percorso è inverso.",
    stops: [
      ["Sorgane – viale Europa", 43.755910, 11.295704, "07:30", "14:15"],
      ["Bandino – piazza Elia Dalla Costa", 43.758011, 11.285402, "07:36", "14:09"],
      ["Via Erbosa – giardino", 43.760516, 11.279618, "07:41", "14:04"],
      ["Piazza Gavinana", 43.759015, 11.273998, "07:46", "13:59", "Davanti alla farmacia"],
      ["Lungarno Ferrucci – piazza Ferrucci", 43.761410, 11.268809, "07:51", "13:54"],
      ["Scuola secondaria «Poliziano»", 43.764512, 11.271206, "07:56", "13:45"],
    ],
  },
];

/**
 * Adds the demo routes inside the seed's transaction. They go on the published transport service
 * another seed may have created (code `TRASPORTO`); without one, a `SCUOLABUS` service is made.
 */
export async function seedDemoTransport(tx: Tx, tenantId: string): Promise<void> {
  const services = await tx.query<{ id: string }>(
    `select id from public.services
      where tenant_id = $1 and kind = 'transport' and code in ('TRASPORTO', 'SCUOLABUS')
      order by code = 'TRASPORTO' desc limit 1`,
    [tenantId],
  );
  let serviceId = services[0]?.id;
  if (!serviceId) {
    [{ id: serviceId }] = await tx.query<{ id: string }>(
      `insert into public.services (tenant_id, kind, code, title, description, status)
       values ($1, 'transport', 'SCUOLABUS', 'Trasporto scolastico',
               'Scuolabus per le scuole primarie e secondarie di primo grado del Comune.',
               'published')
       returning id`,
      [tenantId],
    );
  }
  for (const r of ROUTES) {
    const id = await createRoute(tx, tenantId, {
      service_id: serviceId,
      code: r.code,
      name: r.name,
      direction_notes: r.direction_notes,
      color: r.color,
      vehicle: r.vehicle,
      capacity: r.capacity,
      active: true,
    });
    const stops: StopInput[] = r.stops.map(([name, latitude, longitude, there, back, notes]) => ({
      name,
      latitude,
      longitude,
      time_there: there,
      time_back: back,
      notes: notes ?? null,
    }));
    await replaceStops(tx, id, stops);
  }
}
