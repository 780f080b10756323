import type { RatingPreview } from "@/lib/review/api-schema";
import type { Rating } from "@/lib/srs/memory-state";
import { ratingName } from "@/lib/srs/ratings";

const STYLE: Record<Rating, string> = {
  1: "border-red-300 bg-red-50 text-red-800 hover:bg-red-100 dark:border-red-800 dark:bg-red-950 dark:text-red-200 dark:hover:bg-red-900",
  2: "border-amber-300 bg-amber-50 text-amber-900 hover:bg-amber-100 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200 dark:hover:bg-amber-900",
  3: "border-emerald-300 bg-emerald-50 text-emerald-900 hover:bg-emerald-100 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-200 dark:hover:bg-emerald-900",
  4: "border-sky-300 bg-sky-50 text-sky-900 hover:bg-sky-100 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-200 dark:hover:bg-sky-900",
};

/** The four grades, each with the interval it would schedule and its key. */
export function AnswerButtons({ previews, onGrade }: { previews: RatingPreview[]; onGrade: (rating: Rating) => void }) {
  return (
    <div role="group" aria-label="How well did you remember?" className="grid grid-cols-2 gap-2 sm:grid-cols-4">
      {previews.map(({ rating, label }) => (
        <button
          key={rating}
          type="button"
          onClick={() => onGrade(rating)}
          aria-keyshortcuts={String(rating)}
          aria-label={`${ratingName(rating)}, next review in ${label} (key ${rating})`}
          className={`flex min-h-14 flex-col items-center justify-center rounded-lg border px-3 py-2 font-semibold ${STYLE[rating]}`}
        >
          <span>{ratingName(rating)}</span>
          <span className="text-xs font-normal tabular-nums opacity-80">
            {label} · <kbd className="font-mono">{rating}</kbd>
          </span>
        </button>
      ))}
    </div>
  );
}
