#!/usr/bin/env python3
"""A scripted OIDC provider on 127.0.0.1 for the device-login polling tests.

nanoidp (the real provider the other tests use) never answers slow_down and cannot be told to
fail in particular ways; this one answers the token endpoint from a script, one answer per poll:

  --answers pending,slow_down,pending,token   authorization_pending, slow_down, expired_token
                                              (expired), access_denied (denied), invalid_grant
                                              (with an error_description), html500 (a bare 500
                                              page), token (tokens with a signed ID token)
  --interval N --expires-in N                 what the device authorization response announces
  --alg RS256|PS256|ES256                     how the ID token is signed (keys made at start)
  --claims-in-id-token                        profile claims (groups as one space-separated
                                              string) in the ID token and no userinfo_endpoint;
                                              otherwise the ID token carries only sub and the
                                              claims come from /userinfo, as with nanoidp
  --userinfo-subject S                        /userinfo answers for subject S instead

The token endpoint checks the poll's grant_type, client_id and device_code and answers
invalid_request when one is wrong. Prints the port, then serves until killed.
"""
import argparse
import base64
import json
import secrets
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

DEVICE_CODE = "device-" + secrets.token_urlsafe(16)
USER_CODE = "WDJB-MJHT"
SUBJECT = "carol"


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def int_bytes(number, length=None):
    length = length or (number.bit_length() + 7) // 8
    return number.to_bytes(length, "big")


class Signer:
    def __init__(self, alg):
        self.alg = alg
        self.kid = "scripted-" + alg.lower()
        if alg == "ES256":
            self.key = ec.generate_private_key(ec.SECP256R1())
            numbers = self.key.public_key().public_numbers()
            self.jwk = {"kty": "EC", "crv": "P-256", "x": b64url(int_bytes(numbers.x, 32)), "y": b64url(int_bytes(numbers.y, 32))}
        else:
            self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            numbers = self.key.public_key().public_numbers()
            self.jwk = {"kty": "RSA", "n": b64url(int_bytes(numbers.n)), "e": b64url(int_bytes(numbers.e))}
        self.jwk.update({"kid": self.kid, "use": "sig", "alg": alg})

    def sign(self, claims):
        header = b64url(json.dumps({"alg": self.alg, "kid": self.kid, "typ": "JWT"}).encode())
        payload = b64url(json.dumps(claims).encode())
        message = f"{header}.{payload}".encode()
        if self.alg == "RS256":
            signature = self.key.sign(message, padding.PKCS1v15(), hashes.SHA256())
        elif self.alg == "PS256":
            signature = self.key.sign(message, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA256())
        else:
            r, s = decode_dss_signature(self.key.sign(message, ec.ECDSA(hashes.SHA256())))
            signature = int_bytes(r, 32) + int_bytes(s, 32)
        return f"{header}.{payload}.{b64url(signature)}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--answers", default="token")
    parser.add_argument("--interval", type=int, default=5)
    parser.add_argument("--expires-in", type=int, default=600)
    parser.add_argument("--alg", default="RS256", choices=["RS256", "PS256", "ES256"])
    parser.add_argument("--claims-in-id-token", action="store_true")
    parser.add_argument("--userinfo-subject", default=SUBJECT)
    options = parser.parse_args()
    answers = options.answers.split(",")
    signer = Signer(options.alg)
    profile = {"preferred_username": "carol", "email": "carol@example.org", "name": "Carol Example"}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def issuer(self):
            return f"http://127.0.0.1:{self.server.server_address[1]}"

        def send(self, code, body, content_type="application/json"):
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

        def form(self):
            length = int(self.headers.get("Content-Length", "0"))
            return {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}

        def do_GET(self):
            issuer = self.issuer()
            if self.path == "/.well-known/openid-configuration":
                document = {
                    "issuer": issuer,
                    "device_authorization_endpoint": issuer + "/device_authorization",
                    "token_endpoint": issuer + "/token",
                    "jwks_uri": issuer + "/jwks",
                    "id_token_signing_alg_values_supported": [options.alg],
                }
                if not options.claims_in_id_token:
                    document["userinfo_endpoint"] = issuer + "/userinfo"
                self.send(200, document)
            elif self.path == "/jwks":
                self.send(200, {"keys": [signer.jwk]})
            elif self.path == "/userinfo":
                if self.headers.get("Authorization") != "Bearer scripted-access-token":
                    self.send(401, {"error": "invalid_token"})
                else:
                    self.send(200, dict(profile, sub=options.userinfo_subject, groups=["team-a", "team-b"]))
            else:
                self.send(404, {"error": "not_found"})

        def do_POST(self):
            form = self.form()
            if self.path == "/device_authorization":
                if form.get("client_id") != "cairn":
                    self.send(401, {"error": "invalid_client"})
                    return
                self.send(200, {
                    "device_code": DEVICE_CODE,
                    "user_code": USER_CODE,
                    "verification_uri": self.issuer() + "/device",
                    "expires_in": options.expires_in,
                    "interval": options.interval,
                })
            elif self.path == "/token":
                expected = {"grant_type": "urn:ietf:params:oauth:grant-type:device_code", "client_id": "cairn", "device_code": DEVICE_CODE}
                wrong = [name for name, value in expected.items() if form.get(name) != value]
                if wrong:
                    self.send(400, {"error": "invalid_request", "error_description": "wrong " + ", ".join(wrong)})
                    return
                answer = answers.pop(0) if len(answers) > 1 else answers[0]
                errors = {"pending": "authorization_pending", "slow_down": "slow_down", "expired": "expired_token", "denied": "access_denied"}
                if answer in errors:
                    self.send(400, {"error": errors[answer]})
                elif answer == "invalid_grant":
                    self.send(400, {"error": "invalid_grant", "error_description": "the device code was already used"})
                elif answer == "html500":
                    self.send(500, b"<html><body>Internal Server Error</body></html>", "text/html")
                else:
                    now = int(time.time())
                    claims = {"iss": self.issuer(), "sub": SUBJECT, "aud": form["client_id"], "iat": now, "exp": now + 600}
                    if options.claims_in_id_token:
                        claims.update(profile, groups="team-a team-b")
                    self.send(200, {
                        "access_token": "scripted-access-token",
                        "token_type": "Bearer",
                        "expires_in": 900,
                        "id_token": signer.sign(claims),
                    })
            else:
                self.send(404, {"error": "not_found"})

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
