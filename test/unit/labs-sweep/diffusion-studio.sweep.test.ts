import { sweepSuite } from "./suite";

sweepSuite("diffusion-studio");
