#!/bin/sh
# Phrasing checks of the shipped niche vocabulary on rows WRITTEN FOR THIS
# TEST (not real data; real rows are in t0316 and the measure in t0315):
# per niche, how a specialist writes it without the niche's generic words
# ("anomaly segmentation on MVTec", "PLC firmware attack", French and
# English, abbreviations beside their context), and hard negatives that
# share words with the niches (medical prognosis, adversarial attacks, 3D
# Slicer, finance's asset management, the energy of neural networks, a
# climate model's RCM, quantum fault tolerance, star formation, a film in
# virtual reality, cyber-physical systems without security).
. tests/e2e/lib.sh

# id, expected niche (-: none), title; no summary.
cat >"$TMP/rows" <<'ROWS'
p01	predictive-maintenance	RUL estimation of turbofan engines from a degradation health indicator
p02	predictive-maintenance	Pronostic de défaillance des roulements par filtrage particulaire
p03	condition-monitoring	Envelope analysis of an outer race fault on the CWRU bearing data
p04	condition-monitoring	Analyse vibratoire d'un motoréducteur selon l'ISO 20816
p05	cmms-eam	Backlog of work orders and schedule compliance in a phosphate plant
p06	cmms-eam	Ordres de travail et pièces de rechange : la GMAO au quotidien
p07	digital-twin	An asset administration shell for every pump of the line
p08	iiot-edge	OPC UA over TSN between the PLC and the MQTT broker
p09	iiot-edge	Passerelle LoRaWAN pour capteurs sans fil en usine
p10	ai-analytics	Anomaly segmentation on MVTec AD with a memory bank of patch features
p11	ai-analytics	Few-shot defect segmentation of steel surfaces
p12	reliability-rcm	AMDEC d'une pompe centrifuge et arbre de défaillances
p13	reliability-rcm	Weibull analysis of pump seal failures and MTBF
p14	robotics-inspection	Phased array UT and TOFD of austenitic welds
p15	robotics-inspection	Contrôle par ressuage et magnétoscopie des pièces forgées
p16	ot-cybersecurity	PLC firmware attack through the S7comm protocol
p17	ot-cybersecurity	Fuzzing DNP3 outstations in substations
p18	asset-energy	Event-based NILM on the UK-DALE dataset
p19	asset-energy	Revue énergétique et indicateurs de performance ISO 50001
p20	additive-manufacturing	Melt pool monitoring in laser powder bed fusion (L-PBF)
p21	additive-manufacturing	Directed energy deposition (DED) of Inconel 718
p22	skills-training	SANS ICS515 class for control engineers
p23	skills-training	Formation en alternance des techniciens de maintenance industrielle
n01	-	Prognostic value of troponin in patients with heart failure
n02	-	Adversarial attacks on image classifiers
n03	-	Liver segmentation with 3D Slicer
n04	-	Asset management firm raises a new fund for investors
n05	-	Energy consumption of LLM inference on GPUs
n06	-	Training data selection for speech recognition
n07	-	Podcast: the week in consumer gadgets
n08	-	Software reliability growth of a web service
n09	-	Regional climate model (RCM) projections of rainfall
n10	-	Surface code decoding for fault-tolerant quantum computing
n11	-	Star formation in dwarf galaxies
n12	-	Le film en réalité virtuelle primé au festival
p24	iiot-edge	A LwM2M client on the ESP32
p25	ot-cybersecurity	Data diodes between the plant network and the enterprise
p26	condition-monitoring	Thermographie infrarouge des armoires électriques
p27	cmms-eam	Wrench time and job plans: what planners measure
p28	robotics-inspection	Inspection basée sur les risques (API 580) des équipements sous pression
p29	reliability-rcm	Event tree analysis and minimal cut sets of a safety system
p30	predictive-maintenance	Prognostic models for the end of life of lithium-ion batteries
p31	additive-manufacturing	Printing PETG filament on a Bambu Lab printer
p32	asset-energy	Gestion patrimoniale des réseaux d'eau potable
p33	digital-twin	Digital-twin-driven scheduling of a machining cell
p34	skills-training	Pénurie de techniciens : les métiers de la maintenance recrutent
p35	ai-analytics	Defective solar cells in electroluminescence images
n13	-	Site reliability engineering for microservices
n14	-	Thermography screening for breast cancer
n15	-	Cyber-physical systems for smart manufacturing
n16	-	A hackathon for students in industrial design
ROWS

awk -F'\t' '{ print $1 "\t" $3 "\t" }' "$TMP/rows" |
	"$VEILLE" --config feeds.conf rules test --format tsv - >"$TMP/got" 2>"$TMP/err"
if [ "$(wc -l <"$TMP/got")" -ne "$(wc -l <"$TMP/rows")" ]; then
	not_ok "rules test classifies every written row" "$(cat "$TMP/err")"
	exit 0
fi
# The niches of each row, without scores, beside what it expects.
awk -F'\t' 'NR == FNR { want[$1] = $2; title[$1] = $3; next }
	{ n = $2; gsub(/:[0-9]+/, "", n); if (n == "") n = "-"
	  print $1 "\t" want[$1] "\t" n "\t" title[$1] }' \
	"$TMP/rows" "$TMP/got" >"$TMP/cmp"
while IFS="$(printf '\t')" read -r id want got title; do
	if [ "$want" = - ]; then
		if [ "$got" = - ]; then
			ok "hard negative in no niche: $title"
		else
			not_ok "hard negative in no niche: $title" "in $got"
		fi
	else
		case ",$got," in
		*",$want,"*) ok "$want: $title" ;;
		*) not_ok "$want: $title" "in $got" ;;
		esac
	fi
done <"$TMP/cmp"
