import { sweepSuite } from "./suite";

sweepSuite("transfer-learning");
