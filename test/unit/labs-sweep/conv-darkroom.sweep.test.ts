import { sweepSuite } from "./suite";

sweepSuite("conv-darkroom");
