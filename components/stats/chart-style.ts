import type { CSSProperties } from "react";

/** A dark tooltip reads well on both the light and the dark theme. */
export const TOOLTIP_STYLE: CSSProperties = {
  backgroundColor: "rgb(15 23 42)",
  border: "none",
  borderRadius: "0.375rem",
  color: "white",
  fontSize: "0.8125rem",
};

export const TOOLTIP_ITEM_STYLE: CSSProperties = { color: "white" };
