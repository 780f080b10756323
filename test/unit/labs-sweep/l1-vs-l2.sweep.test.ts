import { sweepSuite } from "./suite";

sweepSuite("l1-vs-l2");
