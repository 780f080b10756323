import { rosterCsv } from "@/lib/progress/csv";

import { csvExport } from "../csv-export";

/** GET /api/classes/:classId/export/roster.csv?forecast=YYYY-MM-DD: the roster summary of a class you own. */
export const GET = csvExport("roster", rosterCsv);
