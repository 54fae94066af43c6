import { redirect } from "next/navigation";

export default function PromotionIndex() {
  redirect("/console/promotion/products");
}
