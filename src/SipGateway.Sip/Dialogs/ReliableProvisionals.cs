using System.Globalization;
using SipGateway.Sip.Message;
using SipGateway.Sip.Transactions;

namespace SipGateway.Sip.Dialogs;

/// <summary>
/// Both sides of RFC 3262 for the <see cref="DialogRouter"/>. UAS: one reliable provisional at a time per dialog
/// (§3), each with the next RSeq, resent until its PRACK; a matching PRACK gets 200, any other 481; no PRACK in
/// 64*T1 rejects the INVITE with 5xx. UAC: each reliable provisional is PRACKed once (§4).
/// </summary>
internal sealed class ReliableProvisionals(SipTransactionLayer layer, ISipDialogUser user)
{
    /// <summary>UAS: sends or queues a reliable provisional. False (and sent unreliably) when the peer did not offer 100rel.</summary>
    public bool Send(Dialog dialog, ServerTransaction transaction, SipResponse response)
    {
        if (response.StatusCode is <= 100 or >= 200) throw new ArgumentException("Only 101-199 can be sent reliably.", nameof(response));
        if (!OptionTags.Has(transaction.Request, HeaderId.Supported, OptionTags.Rel100)
            && !OptionTags.Has(transaction.Request, HeaderId.Require, OptionTags.Rel100))
        {
            transaction.SendResponse(response);
            return false;
        }
        ReliableProvisionalSender sender;
        lock (dialog)
        {
            if (dialog.PendingReliable is not null)
            {
                dialog.QueuedReliable.Enqueue((transaction, response));
                return true;
            }
            sender = StartLocked(dialog, transaction, response);
        }
        sender.Start();
        return true;
    }

    /// <summary>UAS: a PRACK arrived in <paramref name="dialog"/>; answer it 200 or 481.</summary>
    public void OnPrack(Dialog dialog, ServerTransaction tx)
    {
        bool matched = false;
        lock (dialog)
        {
            if (dialog.PendingReliable is { } pending && RAckHeader.TryParse(tx.Request.Headers[HeaderId.RAck], out var rack) && pending.Matches(rack))
            {
                pending.Stop();
                dialog.PendingReliable = null;
                matched = true;
                // RFC 3262 §5: the PRACK may carry the answer to an offer we made in the provisional.
                if (!tx.Request.Body.IsEmpty && dialog.OfferAnswer == OfferAnswerState.LocalOfferPending) dialog.OfferAnswer = OfferAnswerState.None;
            }
        }
        if (!matched)
        {
            tx.SendResponse(tx.CreateResponse(481));
            return;
        }
        var prack = tx.Request; // before the final response: then the transaction lets go of it
        tx.SendResponse(tx.CreateResponse(200));
        user.OnPrack(dialog, prack);
        StartNext(dialog);
    }

    /// <summary>UAS: a final response went on <paramref name="tx"/>; stop resending its provisional (§3) and move the queue on.</summary>
    public void OnFinalResponse(Dialog dialog, ServerTransaction tx)
    {
        lock (dialog)
        {
            if (!ReferenceEquals(dialog.PendingReliable?.Transaction, tx)) return;
            dialog.PendingReliable!.Stop();
            dialog.PendingReliable = null;
        }
        StartNext(dialog);
    }

    public static void Clear(Dialog dialog)
    {
        lock (dialog)
        {
            dialog.PendingReliable?.Stop();
            dialog.PendingReliable = null;
            dialog.QueuedReliable.Clear();
        }
    }

    /// <summary>UAC: the PRACK to send for a provisional, or null when it is unreliable, a retransmission or out of order (§4).</summary>
    public static SipRequest? PrackFor(Dialog dialog, SipResponse response)
    {
        if (!OptionTags.Has(response, HeaderId.Require, OptionTags.Rel100) || response.CSeq is not { } cseq
            || !uint.TryParse(response.Headers[HeaderId.RSeq]?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var rseq))
            return null;
        lock (dialog)
        {
            if (dialog.LastRemoteRSeq is { } last && last.CSeq == cseq.Number && rseq != last.RSeq + 1) return null;
            dialog.LastRemoteRSeq = (cseq.Number, rseq);
            if (!response.Body.IsEmpty && dialog.OfferAnswer == OfferAnswerState.LocalOfferPending) dialog.OfferAnswer = OfferAnswerState.None;
        }
        return dialog.CreatePrack(response);
    }

    private ReliableProvisionalSender StartLocked(Dialog dialog, ServerTransaction transaction, SipResponse response)
    {
        uint rseq = dialog.NextRSeq++;
        if (!OptionTags.Has(response, HeaderId.Require, OptionTags.Rel100)) response.Headers.Add(HeaderId.Require, OptionTags.Rel100);
        response.Headers.Set(HeaderId.RSeq, rseq.ToString(CultureInfo.InvariantCulture));
        var sender = new ReliableProvisionalSender(transaction, response, rseq, layer.Scheduler, layer.Settings, s => OnTimeout(dialog, s));
        dialog.PendingReliable = sender;
        return sender;
    }

    private void OnTimeout(Dialog dialog, ReliableProvisionalSender sender)
    {
        lock (dialog)
        {
            if (!ReferenceEquals(dialog.PendingReliable, sender)) return;
            dialog.PendingReliable = null;
            dialog.QueuedReliable.Clear();
        }
        // RFC 3262 §3: no PRACK within 64*T1 — reject the original request with a 5xx.
        sender.Transaction.SendResponse(sender.Transaction.CreateResponse(500, "Reliable Provisional Response Not Acknowledged"));
        user.OnReliableProvisionalTimeout(dialog, sender.Transaction);
    }

    private void StartNext(Dialog dialog)
    {
        ReliableProvisionalSender? next = null;
        lock (dialog)
        {
            while (dialog.PendingReliable is null && next is null && dialog.QueuedReliable.TryDequeue(out var item))
            {
                if (item.Transaction.HasFinalResponse) continue;
                next = StartLocked(dialog, item.Transaction, item.Response);
            }
        }
        next?.Start();
    }
}
