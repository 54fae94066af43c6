import { apiRoute } from "@/server/rest/handler";
import { getProducts, postProduct } from "@/server/rest/products";

export const GET = apiRoute(getProducts);
export const POST = apiRoute(postProduct);
