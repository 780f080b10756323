import { sweepSuite } from "./suite";

sweepSuite("residual-shortcuts");
