"""Routes of the SMS line: POST /sms, Twilio's webhook, answered with TwiML."""

from __future__ import annotations

import logging
from typing import List, Tuple
from urllib.parse import parse_qsl

from fastapi import APIRouter, HTTPException, Request, Response
from starlette.datastructures import ImmutableMultiDict
from twilio.request_validator import RequestValidator

from webhook.deps import SmsLineDep
from webhook.sms.service import InboundSms
from webhook.sms.twiml import TWIML_MEDIA_TYPE

logger = logging.getLogger(__name__)
router = APIRouter()

FORM_TYPE = "application/x-www-form-urlencoded"
# Twilio sends about 20 fields; far more is not Twilio.
MAX_FIELDS = 200


def parse_form(raw: bytes, content_type: str) -> ImmutableMultiDict:
    """Decodes a Twilio form body strictly; anything malformed is a 4xx, never a 500."""
    if content_type.split(";", 1)[0].strip().lower() != FORM_TYPE:
        raise HTTPException(status_code=415, detail=f"Expected {FORM_TYPE}.")
    try:
        text = raw.decode("utf-8")
        pairs: List[Tuple[str, str]] = (
            parse_qsl(
                text,
                keep_blank_values=True,
                strict_parsing=True,
                encoding="utf-8",
                errors="strict",
                max_num_fields=MAX_FIELDS,
            )
            if text
            else []
        )
    except ValueError as error:  # includes UnicodeDecodeError
        raise HTTPException(status_code=400, detail="Malformed form body.") from error
    return ImmutableMultiDict(pairs)


def signature_is_valid(
    auth_token: str, url: str, params: ImmutableMultiDict, signature: str
) -> bool:
    """Checks X-Twilio-Signature against the public URL Twilio was given."""
    if not signature:
        return False
    return RequestValidator(auth_token).validate(url, params, signature)


def inbound_from(params: ImmutableMultiDict) -> InboundSms:
    """The fields the SMS line uses; unknown fields are ignored."""
    message_sid = params.get("MessageSid") or params.get("SmsSid") or ""
    sender = params.get("From") or ""
    if not message_sid or not sender:
        raise HTTPException(status_code=400, detail="Expected MessageSid and From.")
    # isdecimal: "²".isdigit() is True but int("²") fails
    num_media = params.get("NumMedia") or "0"
    return InboundSms(
        message_sid=message_sid,
        sender=sender,
        body=params.get("Body") or "",
        num_media=int(num_media) if num_media.isascii() and num_media.isdecimal() else 0,
        opt_out_type=params.get("OptOutType") or None,
    )


@router.post("/sms", include_in_schema=False)
async def sms_webhook(request: Request, line: SmsLineDep) -> Response:
    """Twilio's inbound-message webhook: signed requests only, TwiML back."""
    if line is None:
        # The log said at start-up which settings are missing; the public is not told.
        raise HTTPException(status_code=503, detail="The SMS line is not available.")
    params = parse_form(await request.body(), request.headers.get("content-type", ""))
    signature = request.headers.get("x-twilio-signature", "")
    if not signature_is_valid(line.auth_token, line.webhook_url, params, signature):
        logger.warning("sms request refused: %s signature", "bad" if signature else "no")
        raise HTTPException(status_code=403, detail="Invalid Twilio signature.")
    twiml = await line.reply_to(inbound_from(params))
    return Response(content=twiml, media_type=TWIML_MEDIA_TYPE)
