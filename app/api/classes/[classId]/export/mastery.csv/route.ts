import { masteryCsv } from "@/lib/progress/csv";

import { csvExport } from "../csv-export";

/** GET /api/classes/:classId/export/mastery.csv?forecast=YYYY-MM-DD: students x concepts, now and on the date. */
export const GET = csvExport("mastery", masteryCsv);
