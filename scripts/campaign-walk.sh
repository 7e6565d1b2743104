#!/usr/bin/env bash
# A campaign through the native API, as an integrator writes it from the OpenAPI document alone
# (curl and jq): the integrator's guide in the README is this script. Runs against a server
# seeded with the demo accounts (`make run`, or `passerelle seed-demo`), and fails at the first
# answer that is not the one the document promises.
#   scripts/campaign-walk.sh [base URL, default http://127.0.0.1:8080]
set -euo pipefail
BASE="${1:-http://127.0.0.1:8080}"
API="$BASE/api/v1"
PASSWORD="${DEMO_PASSWORD:-Passerelle-demo-2026}"

# call METHOD PATH TOKEN [JSON BODY] -> prints the body; fails (with the error body) on >= 400.
call() {
  local method=$1 path=$2 token=$3 body=${4:-} out status
  out=$(mktemp)
  status=$(curl -s -o "$out" -w '%{http_code}' -X "$method" "$API$path" \
    ${token:+-H "Authorization: Bearer $token"} \
    ${body:+-H 'Content-Type: application/json' -d "$body"})
  if [ "$status" -ge 400 ]; then
    echo "!! $method $path -> $status $(cat "$out")" >&2
    rm -f "$out"
    return 1
  fi
  cat "$out"
  rm -f "$out"
}
login() { call POST /auth/login "" "{\"identifier\":\"$1\",\"password\":\"$PASSWORD\"}" | jq -r .access_token; }
step() { echo "==> $*"; }

step "1. Each person signs in (people: e-mail and password, then a 15-minute bearer token)"
HOST=$(login tuteur@demo.passerelle.fr)
TEACHER=$(login prof.principal.demo@ac-paris.fr)
PUPIL=$(login eleve@demo.passerelle.fr)

step "2. The school's weeks and the pupil the main teacher follows"
UAI=$(call GET /schools/mine "$TEACHER" | jq -r '.[0].school.uai')
WEEK=$(call GET "/schools/$UAI/weeks" "$TEACHER" | jq -c '.college[0]')
PUPIL_ID=$(call GET "/schools/$UAI/pupils" "$TEACHER" | jq -r '.[0].user_id')
echo "    school $UAI, week $WEEK, pupil $PUPIL_ID"

step "3. The main teacher records the parents' consent"
call POST "/schools/$UAI/pupils/$PUPIL_ID/consent" "$TEACHER" "{\"consent_date\":\"$(date +%F)\"}" > /dev/null

step "4. The host publishes an offer near the school, for that week"
ORG=$(call GET /organisations/mine "$HOST" | jq -r '.[0].id')
OFFER=$(call POST "/organisations/$ORG/offers" "$HOST" "$(jq -nc --argjson week "$WEEK" '{
  school_year: "2026-2027", title: "Découvrir une imprimerie", description: "Une semaine avec les imprimeurs.",
  sector_id: "s10", jobs: "Imprimeur, graphiste", address: "10 rue des Pyrénées", postal_code: "75020", city: "Paris",
  tutor_name: "Camille Martin", tutor_function: "Cheffe d'\''atelier", tutor_email: "tuteur@demo.passerelle.fr",
  tutor_phone: "0600000000", grades: ["troisieme"], weeks: [$week], places_per_week: 1, group_mode: "individual",
  schedule: [{day: "monday", start: "09:00", end: "16:30", lunch_break_minutes: 60}], lunch: "canteen_invitation"}')" | jq -r .id)
call POST "/offers/$OFFER/publish" "$HOST" > /dev/null
echo "    offer $OFFER published"

step "5. The pupil finds it around the school and applies"
call GET "/offers?q=imprimerie" "$PUPIL" | jq -e --arg id "$OFFER" '.items | map(.id) | index($id) != null' > /dev/null
APPLICATION=$(call POST "/offers/$OFFER/applications" "$PUPIL" "$(jq -nc --argjson week "$WEEK" '{weeks: [$week], motivation: "J'\''aime les livres et je voudrais voir comment on les fabrique."}')" | jq -r .id)

step "6. The host accepts; the pupil confirms (their other applications for the week are withdrawn)"
call POST "/applications/$APPLICATION/accept" "$HOST" > /dev/null
call POST "/applications/$APPLICATION/confirm" "$PUPIL" | jq -r '"    application " + .status + ": " + .next_step'
call GET "/pupils/me/applications/$APPLICATION" "$PUPIL" | jq -e '.status == "confirmed"' > /dev/null

step "7. The placement's agreement, waiting for the host and the school to fill their parts"
call GET /agreements "$HOST" | jq -e --arg a "$APPLICATION" '.[] | select(.application_id == $a) | .waiting_for' > /dev/null

step "8. The Paris referent (two-factor: the code of their app) rebuilds the figures and reads them"
totp() { python3 -c 'import base64,hmac,struct,sys,time
k=base64.b32decode(sys.argv[1]); d=hmac.new(k,struct.pack(">Q",int(time.time())//30),"sha1").digest(); o=d[19]&15
print("%06d"%((struct.unpack(">I",d[o:o+4])[0]&0x7FFFFFFF)%1000000))' "$1"; }
REFERENT=$(call POST /auth/login "" "{\"identifier\":\"referent.paris@demo.passerelle.fr\",\"password\":\"$PASSWORD\",\"totp_code\":\"$(totp PASSERELLEDEMOTOTPSECRETKEY23456)\"}" | jq -r .access_token)
call POST /stats/refresh "$REFERENT" | jq -r '"    counters rebuilt at " + .refreshed_at'
call GET /stats "$REFERENT" | jq -e '.placements >= 1' > /dev/null
echo "campaign walk: every step answered as documented"
