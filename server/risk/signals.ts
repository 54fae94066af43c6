/**
 * The risk signals an order carries, computed once per order from its input before anything is
 * read (like the hashed buyer identities): device, IP, normalised shipping address, receiver
 * phone (shippingAddress.phone — a signal, never a OneID identity) and the buyer's phone
 * identities. Each with the brand-side hash (what the order row stores and the blacklist
 * matches), the shared-list hash and a masked form for evidence. The raw values stay here.
 */
import type { OrderInput } from "@/server/orders/schemas";
import { maskPhone, normalisePhone } from "@/server/portal/phone";
import {
  addressHash,
  deviceHash,
  ipHash,
  maskAddress,
  maskDevice,
  normaliseAddress,
  normaliseDevice,
  normaliseIp,
  phoneHash,
  sharedHash,
} from "./normalise";

/** The order columns a signal is stored in, named by the cluster rule that reads them. */
export type SignalColumn = "device" | "ip" | "address" | "phone";

export interface Signal {
  column: SignalColumn;
  hash: string;
  /** Platform-keyed hash for the shared list (null for IPs, which it does not hold). */
  shared: string | null;
  masked: string;
}

export interface OrderSignals {
  device: Signal | null;
  ip: Signal | null;
  /** Canonical IP text, for the brand's IP ranges (matched in Postgres). */
  ipText: string | null;
  address: Signal | null;
  receiverPhone: Signal | null;
  /** The buyer's phone identities (same hash as the phone identity OneID stores). */
  buyerPhones: Signal[];
  shippingRegion: string | null;
}

function phoneSignal(value: string): Signal | null {
  const n = normalisePhone(value) ?? value.replace(/\D/g, "");
  if (n.length < 5) return null;
  return { column: "phone", hash: phoneHash(n), shared: sharedHash("phone", n), masked: maskPhone(n) };
}

export function orderSignals(o: OrderInput): OrderSignals {
  const deviceId = o.device?.id ? normaliseDevice(o.device.id) : "";
  const ip = o.device?.ip ? normaliseIp(o.device.ip) : null;
  const a = o.shippingAddress;
  const address = a ? normaliseAddress(a) : "";
  const seen = new Set<string>();
  const buyerPhones: Signal[] = [];
  for (const i of o.buyer.identities) {
    if (i.kind !== "phone") continue;
    const s = phoneSignal(i.value);
    if (s && !seen.has(s.hash)) {
      seen.add(s.hash);
      buyerPhones.push(s);
    }
  }
  return {
    device: deviceId ? { column: "device", hash: deviceHash(deviceId), shared: sharedHash("device", deviceId), masked: maskDevice(deviceId) } : null,
    ip: ip ? { column: "ip", hash: ipHash(ip), shared: null, masked: maskIp(ip) } : null,
    ipText: ip,
    address: address ? { column: "address", hash: addressHash(address), shared: sharedHash("address", address), masked: maskAddress(address) } : null,
    receiverPhone: a?.phone ? phoneSignal(a.phone) : null,
    buyerPhones,
    shippingRegion: a ? [a.province, a.city, a.district].filter(Boolean).join(" ") : null,
  };
}

/** 203.0.113.* / 2001:db8:…: the network, never the host. */
export function maskIp(ip: string): string {
  if (ip.includes(".")) return `${ip.split(".").slice(0, 3).join(".")}.*`;
  return `${ip.split(":").slice(0, 3).join(":")}:…`;
}

/** The cluster signals of an order, by column. */
export function clusterSignals(s: OrderSignals): Signal[] {
  return [s.device, s.ip, s.address, s.receiverPhone].filter((x): x is Signal => x !== null);
}
