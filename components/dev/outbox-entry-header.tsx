/** The first line of a dev outbox entry (/dev/sms, /dev/mail): who it went to, and when. */
export function OutboxEntryHeader(props: { recipientLabel: string; recipient: string; timeLabel: string; at: Date; atText: string }) {
  return (
    <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
      <span className="font-mono font-medium text-slate-900">
        <span className="sr-only">{props.recipientLabel}: </span>
        {props.recipient}
      </span>
      <time dateTime={props.at.toISOString()} className="text-xs text-slate-500">
        <span className="sr-only">{props.timeLabel}: </span>
        {props.atText}
      </time>
    </div>
  );
}
