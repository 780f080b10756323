/**
 * The bundle guard: after `next build`, proves that TensorFlow.js stays on the lab pages. For every app route
 * other than a lab page, no chunk it loads first, nor any chunk it can load later, contains TensorFlow.js;
 * the lab page loads it only lazily (not in its first-load chunks), and does reach it (so the check is live).
 *
 *   node --import tsx test/bench/check-bundles.ts [distDir]      (default: NEXT_DIST_DIR or .next)
 *
 * Exits 1 and names the route and chunk when the rule is broken.
 */
import { BuildBundles, isLabRoute } from "./bundles";

function main(): number {
  const distDir = process.argv[2] ?? process.env.NEXT_DIST_DIR ?? ".next";
  const build = new BuildBundles(distDir);
  const routes = build.routes();
  const problems: string[] = [];
  const report: { route: string; firstLoadKb: number; tfjs: "none" | "lazy" }[] = [];

  const labRoutes = routes.filter((r) => isLabRoute(r.route));
  if (labRoutes.length === 0) problems.push("the build has no lab page (/labs/[key]); is this the app's build?");

  for (const route of routes) {
    const eager = route.initial.filter((c) => build.hasTfjs(c));
    const lazy = route.reachable.filter((c) => build.hasTfjs(c));
    if (eager.length > 0) {
      problems.push(`${route.route} loads TensorFlow.js with the page: ${eager.map((c) => build.describe(c)).join(", ")}`);
    }
    if (!isLabRoute(route.route) && lazy.length > 0) {
      problems.push(`${route.route} can load TensorFlow.js: ${lazy.map((c) => build.describe(c)).join(", ")}`);
    }
    if (isLabRoute(route.route) && lazy.length === 0) {
      problems.push(`${route.route} never reaches TensorFlow.js: the markers no longer match the built code`);
    }
    report.push({
      route: route.route,
      firstLoadKb: Math.round(build.firstLoadBytes(route) / 102.4) / 10,
      tfjs: lazy.length > 0 ? "lazy" : "none",
    });
  }

  console.table(report.sort((a, b) => a.route.localeCompare(b.route)));
  if (problems.length > 0) {
    for (const problem of problems) console.error(`✗ ${problem}`);
    return 1;
  }
  console.log(`✓ TensorFlow.js is absent from ${routes.length - labRoutes.length} non-lab routes and lazy on the lab page.`);
  return 0;
}

process.exitCode = main();
