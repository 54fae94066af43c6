import { redirect } from "next/navigation";

/** The center opens on its review queue (its own URL, so the section tabs follow the path). */
export default function RiskPage() {
  redirect("/console/risk/queue");
}
