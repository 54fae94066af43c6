/**
 * A person's name as the portal shows it to other people (inviter, upline, team members):
 * the first and last character, the rest starred, the way phone numbers are masked
 * ("张三丰" → "张*丰", "李四" → "李*"). Enough to recognise someone you know, not to find a
 * stranger. Pure.
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return chars.length ? "*" : "";
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${"*".repeat(chars.length - 2)}${chars.at(-1)}`;
}
