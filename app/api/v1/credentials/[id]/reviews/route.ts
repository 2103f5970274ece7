import { listReviewsOf } from "@/db/queries/reviews";
import { endpoints } from "@/lib/api/endpoints";
import { recordReview } from "@/lib/server/lifecycle/reviews";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const POST = route(endpoints.recordReview, ({ db, ctx, params, body }) => recordReview(db, ctx, params.id, body));

export const GET = route(endpoints.listCredentialReviews, ({ db, params, query }) => listReviewsOf(db, params.id, query));
