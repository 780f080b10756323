import { sweepSuite } from "./suite";

sweepSuite("vanishing-gradients");
