import { describeWritePathsModel } from "./write-paths.model";

describeWritePathsModel("pglite");
