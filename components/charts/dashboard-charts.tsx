"use client";

/**
 * The dashboard's charts (recharts): daily GMV and commission, channel mix, new distributors per
 * week. Amounts arrive in fen and are drawn in yuan; tooltips format them as money. Clicking a
 * day's bar or a channel's slice opens the orders behind it.
 */
import { useRouter } from "next/navigation";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ComposedChart,
  Legend,
  Line,
  Pie,
  PieChart,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

const PALETTE = [
  "#2563eb",
  "#16a34a",
  "#f59e0b",
  "#db2777",
  "#7c3aed",
  "#0891b2",
  "#ea580c",
  "#64748b",
  "#84cc16",
];
const yuan = (fen: number) => fen / 100;
const fromYuan = (v: unknown) => Math.round(Number(v) * 100);

export function DailyChart({
  data,
  labels,
  money,
  dayHref,
}: {
  data: { day: string; gmvFen: number; commissionFen: number }[];
  labels: { gmv: string; commission: string };
  money: (fen: number) => string;
  dayHref: (day: string) => string;
}) {
  const router = useRouter();
  const rows = data.map((d) => ({
    day: d.day.slice(8),
    date: d.day,
    gmv: yuan(d.gmvFen),
    commission: yuan(d.commissionFen),
  }));
  return (
    <ComposedChart
      responsive
      style={{ width: "100%", height: 260 }}
      data={rows}
      margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
    >
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey="day" tickLine={false} fontSize={12} />
      <YAxis yAxisId="gmv" tickLine={false} fontSize={12} width={64} />
      <YAxis yAxisId="commission" orientation="right" tickLine={false} fontSize={12} width={56} />
      <Tooltip formatter={(v) => money(fromYuan(v))} />
      <Legend />
      <Bar
        yAxisId="gmv"
        dataKey="gmv"
        name={labels.gmv}
        fill="#2563eb"
        radius={[3, 3, 0, 0]}
        cursor="pointer"
        onClick={(_, index) => {
          const row = rows[index];
          if (row) router.push(dayHref(row.date));
        }}
      />
      <Line
        yAxisId="commission"
        dataKey="commission"
        name={labels.commission}
        stroke="#f59e0b"
        strokeWidth={2}
        dot={false}
      />
    </ComposedChart>
  );
}

export function ChannelMixChart({
  data,
  money,
  channelHref,
}: {
  data: { channel: string; name: string; gmvFen: number }[];
  money: (fen: number) => string;
  channelHref: (channel: string) => string;
}) {
  const router = useRouter();
  const rows = data.map((d) => ({ ...d, gmv: yuan(d.gmvFen) }));
  return (
    <PieChart responsive style={{ width: "100%", height: 260 }}>
      <Tooltip formatter={(v) => money(fromYuan(v))} />
      <Legend />
      <Pie
        data={rows}
        dataKey="gmv"
        nameKey="name"
        innerRadius="45%"
        outerRadius="75%"
        cursor="pointer"
        onClick={(_, index) => {
          const row = rows[index];
          if (row) router.push(channelHref(row.channel));
        }}
      >
        {rows.map((r, i) => (
          <Cell key={r.channel} fill={PALETTE[i % PALETTE.length]} />
        ))}
      </Pie>
    </PieChart>
  );
}

export function WeeklyJoinsChart({
  data,
  label,
}: {
  data: { week: string; count: number }[];
  label: string;
}) {
  const rows = data.map((d) => ({ week: d.week.slice(5), count: d.count }));
  return (
    <BarChart
      responsive
      style={{ width: "100%", height: 220 }}
      data={rows}
      margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
    >
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey="week" tickLine={false} fontSize={12} />
      <YAxis allowDecimals={false} tickLine={false} fontSize={12} width={40} />
      <Tooltip />
      <Bar dataKey="count" name={label} fill="#16a34a" radius={[3, 3, 0, 0]} />
    </BarChart>
  );
}
