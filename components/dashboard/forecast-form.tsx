import { secondaryButtonClass } from "@/components/ui/field";

/**
 * Picks the forecast date. A plain GET form: the date goes into `?forecast=`, so it works without JavaScript
 * and the page can be bookmarked or shared.
 */
export function ForecastForm({ action, forecastDate, min, error }: { action: string; forecastDate: string; min: string; error?: string }) {
  return (
    <form method="get" action={action} className="flex flex-wrap items-end gap-2" role="search" aria-label="Forecast date">
      <div className="space-y-1">
        <label htmlFor="forecast" className="block text-sm font-medium">
          Forecast for (exam day)
        </label>
        <input
          id="forecast"
          name="forecast"
          type="date"
          defaultValue={forecastDate}
          min={min}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "forecast-error" : undefined}
          className="rounded-md border border-slate-300 bg-white px-3 py-2 text-base dark:border-slate-700 dark:bg-slate-900"
        />
      </div>
      <button type="submit" className={secondaryButtonClass}>
        Update forecast
      </button>
      {error && (
        <p id="forecast-error" role="alert" className="w-full text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </form>
  );
}
