import { redirect } from "next/navigation";

/** Buyer bindings live under Distributors (so the navigation highlights it); keep this address working. */
export default function BindingsRedirect() {
  redirect("/console/distributors/bindings");
}
