"""Countries and territories of ISO 3166-1, as CSV text.

Countries and territories of ISO 3166-1 (alpha-2, all 249 officially assigned codes).
region, subregion, intermediate_region: UN M49 standard (UN Statistics Division), as published 2023.
income_group: World Bank country classification by income, fiscal year 2025 (July 2024, from 2023 GNI per
  capita); empty where the World Bank does not classify the territory (or, for Venezuela, withdrew it).
population: total mid-2023 population, rounded, after UN World Population Prospects 2024 / World Bank WDI.
Written out from knowledge of those publications, not downloaded from them: good for weighting and grouping a
deliberative sample, but check a figure against the source before quoting it on its own.

Kept as a Python module rather than a .csv file so that it ships in every build of the
package without package-data settings.
"""

COUNTRIES_CSV = """\
alpha2,name,region,subregion,intermediate_region,income_group,population
DZ,Algeria,Africa,Northern Africa,,Upper middle income,46164000
EG,Egypt,Africa,Northern Africa,,Lower middle income,112717000
LY,Libya,Africa,Northern Africa,,Upper middle income,6888000
MA,Morocco,Africa,Northern Africa,,Lower middle income,37840000
SD,Sudan,Africa,Northern Africa,,Low income,50042000
TN,Tunisia,Africa,Northern Africa,,Lower middle income,12458000
EH,Western Sahara,Africa,Northern Africa,,,579000
IO,British Indian Ocean Territory,Africa,Sub-Saharan Africa,Eastern Africa,,3000
BI,Burundi,Africa,Sub-Saharan Africa,Eastern Africa,Low income,13238000
KM,Comoros,Africa,Sub-Saharan Africa,Eastern Africa,Lower middle income,852000
DJ,Djibouti,Africa,Sub-Saharan Africa,Eastern Africa,Lower middle income,1136000
ER,Eritrea,Africa,Sub-Saharan Africa,Eastern Africa,Low income,3748000
ET,Ethiopia,Africa,Sub-Saharan Africa,Eastern Africa,Low income,126527000
TF,French Southern Territories,Africa,Sub-Saharan Africa,Eastern Africa,,0
KE,Kenya,Africa,Sub-Saharan Africa,Eastern Africa,Lower middle income,55101000
MG,Madagascar,Africa,Sub-Saharan Africa,Eastern Africa,Low income,30326000
MW,Malawi,Africa,Sub-Saharan Africa,Eastern Africa,Low income,21104000
MU,Mauritius,Africa,Sub-Saharan Africa,Eastern Africa,Upper middle income,1262000
YT,Mayotte,Africa,Sub-Saharan Africa,Eastern Africa,,316000
MZ,Mozambique,Africa,Sub-Saharan Africa,Eastern Africa,Low income,33897000
RE,Réunion,Africa,Sub-Saharan Africa,Eastern Africa,,871000
RW,Rwanda,Africa,Sub-Saharan Africa,Eastern Africa,Low income,14095000
SC,Seychelles,Africa,Sub-Saharan Africa,Eastern Africa,High income,127000
SO,Somalia,Africa,Sub-Saharan Africa,Eastern Africa,Low income,18143000
SS,South Sudan,Africa,Sub-Saharan Africa,Eastern Africa,Low income,11088000
UG,Uganda,Africa,Sub-Saharan Africa,Eastern Africa,Low income,48582000
TZ,"Tanzania, United Republic of",Africa,Sub-Saharan Africa,Eastern Africa,Lower middle income,67438000
ZM,Zambia,Africa,Sub-Saharan Africa,Eastern Africa,Lower middle income,20723000
ZW,Zimbabwe,Africa,Sub-Saharan Africa,Eastern Africa,Lower middle income,16665000
AO,Angola,Africa,Sub-Saharan Africa,Middle Africa,Lower middle income,36684000
CM,Cameroon,Africa,Sub-Saharan Africa,Middle Africa,Lower middle income,28647000
CF,Central African Republic,Africa,Sub-Saharan Africa,Middle Africa,Low income,5743000
TD,Chad,Africa,Sub-Saharan Africa,Middle Africa,Low income,18279000
CG,Congo,Africa,Sub-Saharan Africa,Middle Africa,Lower middle income,6182000
CD,"Congo, Democratic Republic of the",Africa,Sub-Saharan Africa,Middle Africa,Low income,105625000
GQ,Equatorial Guinea,Africa,Sub-Saharan Africa,Middle Africa,Upper middle income,1714000
GA,Gabon,Africa,Sub-Saharan Africa,Middle Africa,Upper middle income,2437000
ST,Sao Tome and Principe,Africa,Sub-Saharan Africa,Middle Africa,Lower middle income,231000
BW,Botswana,Africa,Sub-Saharan Africa,Southern Africa,Upper middle income,2675000
SZ,Eswatini,Africa,Sub-Saharan Africa,Southern Africa,Lower middle income,1231000
LS,Lesotho,Africa,Sub-Saharan Africa,Southern Africa,Lower middle income,2311000
NA,Namibia,Africa,Sub-Saharan Africa,Southern Africa,Upper middle income,2604000
ZA,South Africa,Africa,Sub-Saharan Africa,Southern Africa,Upper middle income,63212000
BJ,Benin,Africa,Sub-Saharan Africa,Western Africa,Lower middle income,13712000
BF,Burkina Faso,Africa,Sub-Saharan Africa,Western Africa,Low income,23251000
CV,Cabo Verde,Africa,Sub-Saharan Africa,Western Africa,Lower middle income,522000
CI,Côte d'Ivoire,Africa,Sub-Saharan Africa,Western Africa,Lower middle income,31165000
GM,Gambia,Africa,Sub-Saharan Africa,Western Africa,Low income,2773000
GH,Ghana,Africa,Sub-Saharan Africa,Western Africa,Lower middle income,34122000
GN,Guinea,Africa,Sub-Saharan Africa,Western Africa,Lower middle income,14191000
GW,Guinea-Bissau,Africa,Sub-Saharan Africa,Western Africa,Low income,2151000
LR,Liberia,Africa,Sub-Saharan Africa,Western Africa,Low income,5418000
ML,Mali,Africa,Sub-Saharan Africa,Western Africa,Low income,23294000
MR,Mauritania,Africa,Sub-Saharan Africa,Western Africa,Lower middle income,4863000
NE,Niger,Africa,Sub-Saharan Africa,Western Africa,Low income,27202000
NG,Nigeria,Africa,Sub-Saharan Africa,Western Africa,Lower middle income,227883000
SH,"Saint Helena, Ascension and Tristan da Cunha",Africa,Sub-Saharan Africa,Western Africa,,5300
SN,Senegal,Africa,Sub-Saharan Africa,Western Africa,Lower middle income,18501000
SL,Sierra Leone,Africa,Sub-Saharan Africa,Western Africa,Low income,8791000
TG,Togo,Africa,Sub-Saharan Africa,Western Africa,Low income,9304000
AI,Anguilla,Americas,Latin America and the Caribbean,Caribbean,,15900
AG,Antigua and Barbuda,Americas,Latin America and the Caribbean,Caribbean,High income,94000
AW,Aruba,Americas,Latin America and the Caribbean,Caribbean,High income,107000
BS,Bahamas,Americas,Latin America and the Caribbean,Caribbean,High income,412000
BB,Barbados,Americas,Latin America and the Caribbean,Caribbean,High income,282000
BQ,"Bonaire, Sint Eustatius and Saba",Americas,Latin America and the Caribbean,Caribbean,,30000
VG,"Virgin Islands, British",Americas,Latin America and the Caribbean,Caribbean,High income,31000
KY,Cayman Islands,Americas,Latin America and the Caribbean,Caribbean,High income,69000
CU,Cuba,Americas,Latin America and the Caribbean,Caribbean,Upper middle income,11019000
CW,Curaçao,Americas,Latin America and the Caribbean,Caribbean,High income,185000
DM,Dominica,Americas,Latin America and the Caribbean,Caribbean,Upper middle income,73000
DO,Dominican Republic,Americas,Latin America and the Caribbean,Caribbean,Upper middle income,11332000
GD,Grenada,Americas,Latin America and the Caribbean,Caribbean,Upper middle income,117000
GP,Guadeloupe,Americas,Latin America and the Caribbean,Caribbean,,378000
HT,Haiti,Americas,Latin America and the Caribbean,Caribbean,Lower middle income,11724000
JM,Jamaica,Americas,Latin America and the Caribbean,Caribbean,Upper middle income,2825000
MQ,Martinique,Americas,Latin America and the Caribbean,Caribbean,,345000
MS,Montserrat,Americas,Latin America and the Caribbean,Caribbean,,4400
PR,Puerto Rico,Americas,Latin America and the Caribbean,Caribbean,High income,3206000
BL,Saint Barthélemy,Americas,Latin America and the Caribbean,Caribbean,,11000
KN,Saint Kitts and Nevis,Americas,Latin America and the Caribbean,Caribbean,High income,47000
LC,Saint Lucia,Americas,Latin America and the Caribbean,Caribbean,Upper middle income,180000
MF,Saint Martin (French part),Americas,Latin America and the Caribbean,Caribbean,High income,32000
VC,Saint Vincent and the Grenadines,Americas,Latin America and the Caribbean,Caribbean,Upper middle income,104000
SX,Sint Maarten (Dutch part),Americas,Latin America and the Caribbean,Caribbean,High income,44000
TT,Trinidad and Tobago,Americas,Latin America and the Caribbean,Caribbean,High income,1534000
TC,Turks and Caicos Islands,Americas,Latin America and the Caribbean,Caribbean,High income,46000
VI,"Virgin Islands, U.S.",Americas,Latin America and the Caribbean,Caribbean,High income,105000
BZ,Belize,Americas,Latin America and the Caribbean,Central America,Upper middle income,410000
CR,Costa Rica,Americas,Latin America and the Caribbean,Central America,Upper middle income,5212000
SV,El Salvador,Americas,Latin America and the Caribbean,Central America,Upper middle income,6365000
GT,Guatemala,Americas,Latin America and the Caribbean,Central America,Upper middle income,18092000
HN,Honduras,Americas,Latin America and the Caribbean,Central America,Lower middle income,10594000
MX,Mexico,Americas,Latin America and the Caribbean,Central America,Upper middle income,128456000
NI,Nicaragua,Americas,Latin America and the Caribbean,Central America,Lower middle income,6823000
PA,Panama,Americas,Latin America and the Caribbean,Central America,High income,4468000
AR,Argentina,Americas,Latin America and the Caribbean,South America,Upper middle income,45538000
BO,Bolivia,Americas,Latin America and the Caribbean,South America,Lower middle income,12388000
BV,Bouvet Island,Americas,Latin America and the Caribbean,South America,,0
BR,Brazil,Americas,Latin America and the Caribbean,South America,Upper middle income,211141000
CL,Chile,Americas,Latin America and the Caribbean,South America,High income,19629000
CO,Colombia,Americas,Latin America and the Caribbean,South America,Upper middle income,52085000
EC,Ecuador,Americas,Latin America and the Caribbean,South America,Upper middle income,18034000
FK,Falkland Islands (Malvinas),Americas,Latin America and the Caribbean,South America,,3800
GF,French Guiana,Americas,Latin America and the Caribbean,South America,,301000
GY,Guyana,Americas,Latin America and the Caribbean,South America,High income,826000
PY,Paraguay,Americas,Latin America and the Caribbean,South America,Upper middle income,6862000
PE,Peru,Americas,Latin America and the Caribbean,South America,Upper middle income,34353000
GS,South Georgia and the South Sandwich Islands,Americas,Latin America and the Caribbean,South America,,0
SR,Suriname,Americas,Latin America and the Caribbean,South America,Upper middle income,628000
UY,Uruguay,Americas,Latin America and the Caribbean,South America,High income,3423000
VE,Venezuela,Americas,Latin America and the Caribbean,South America,,28838000
BM,Bermuda,Americas,Northern America,,High income,64000
CA,Canada,Americas,Northern America,,High income,39299000
GL,Greenland,Americas,Northern America,,High income,56000
PM,Saint Pierre and Miquelon,Americas,Northern America,,,5800
US,United States of America,Americas,Northern America,,High income,343477000
KZ,Kazakhstan,Asia,Central Asia,,Upper middle income,20330000
KG,Kyrgyzstan,Asia,Central Asia,,Lower middle income,7074000
TJ,Tajikistan,Asia,Central Asia,,Lower middle income,10389000
TM,Turkmenistan,Asia,Central Asia,,Upper middle income,7364000
UZ,Uzbekistan,Asia,Central Asia,,Lower middle income,35164000
CN,China,Asia,Eastern Asia,,Upper middle income,1422585000
HK,Hong Kong,Asia,Eastern Asia,,High income,7443000
MO,Macao,Asia,Eastern Asia,,High income,713000
KP,"Korea, Democratic People's Republic of",Asia,Eastern Asia,,Low income,26418000
JP,Japan,Asia,Eastern Asia,,High income,124371000
MN,Mongolia,Asia,Eastern Asia,,Upper middle income,3432000
KR,"Korea, Republic of",Asia,Eastern Asia,,High income,51748000
TW,Taiwan,Asia,Eastern Asia,,High income,23924000
BN,Brunei Darussalam,Asia,South-eastern Asia,,High income,459000
KH,Cambodia,Asia,South-eastern Asia,,Lower middle income,17424000
ID,Indonesia,Asia,South-eastern Asia,,Upper middle income,281190000
LA,Lao People's Democratic Republic,Asia,South-eastern Asia,,Lower middle income,7665000
MY,Malaysia,Asia,South-eastern Asia,,Upper middle income,35127000
MM,Myanmar,Asia,South-eastern Asia,,Lower middle income,54134000
PH,Philippines,Asia,South-eastern Asia,,Lower middle income,114891000
SG,Singapore,Asia,South-eastern Asia,,High income,5789000
TH,Thailand,Asia,South-eastern Asia,,Upper middle income,71702000
TL,Timor-Leste,Asia,South-eastern Asia,,Lower middle income,1384000
VN,Viet Nam,Asia,South-eastern Asia,,Lower middle income,100353000
AF,Afghanistan,Asia,Southern Asia,,Low income,41454000
BD,Bangladesh,Asia,Southern Asia,,Lower middle income,171467000
BT,Bhutan,Asia,Southern Asia,,Lower middle income,787000
IN,India,Asia,Southern Asia,,Lower middle income,1438070000
IR,Iran,Asia,Southern Asia,,Upper middle income,90608000
MV,Maldives,Asia,Southern Asia,,Upper middle income,526000
NP,Nepal,Asia,Southern Asia,,Lower middle income,29695000
PK,Pakistan,Asia,Southern Asia,,Lower middle income,247504000
LK,Sri Lanka,Asia,Southern Asia,,Lower middle income,22037000
AM,Armenia,Asia,Western Asia,,Upper middle income,2991000
AZ,Azerbaijan,Asia,Western Asia,,Upper middle income,10413000
BH,Bahrain,Asia,Western Asia,,High income,1570000
CY,Cyprus,Asia,Western Asia,,High income,1345000
GE,Georgia,Asia,Western Asia,,Upper middle income,3808000
IQ,Iraq,Asia,Western Asia,,Upper middle income,45074000
IL,Israel,Asia,Western Asia,,High income,9256000
JO,Jordan,Asia,Western Asia,,Lower middle income,11337000
KW,Kuwait,Asia,Western Asia,,High income,4839000
LB,Lebanon,Asia,Western Asia,,Lower middle income,5773000
OM,Oman,Asia,Western Asia,,High income,5050000
QA,Qatar,Asia,Western Asia,,High income,2980000
SA,Saudi Arabia,Asia,Western Asia,,High income,33264000
PS,"Palestine, State of",Asia,Western Asia,,Lower middle income,5410000
SY,Syrian Arab Republic,Asia,Western Asia,,Low income,23594000
TR,Türkiye,Asia,Western Asia,,Upper middle income,87271000
AE,United Arab Emirates,Asia,Western Asia,,High income,10643000
YE,Yemen,Asia,Western Asia,,Low income,39390000
BY,Belarus,Europe,Eastern Europe,,Upper middle income,9056000
BG,Bulgaria,Europe,Eastern Europe,,High income,6444000
CZ,Czechia,Europe,Eastern Europe,,High income,10874000
HU,Hungary,Europe,Eastern Europe,,High income,9592000
PL,Poland,Europe,Eastern Europe,,High income,36687000
MD,"Moldova, Republic of",Europe,Eastern Europe,,Upper middle income,2487000
RO,Romania,Europe,Eastern Europe,,High income,19056000
RU,Russian Federation,Europe,Eastern Europe,,High income,144044000
SK,Slovakia,Europe,Eastern Europe,,High income,5426000
UA,Ukraine,Europe,Eastern Europe,,Upper middle income,37733000
AX,Åland Islands,Europe,Northern Europe,,,30000
GG,Guernsey,Europe,Northern Europe,Channel Islands,High income,64000
JE,Jersey,Europe,Northern Europe,Channel Islands,High income,103000
DK,Denmark,Europe,Northern Europe,,High income,5947000
EE,Estonia,Europe,Northern Europe,,High income,1367000
FO,Faroe Islands,Europe,Northern Europe,,High income,54000
FI,Finland,Europe,Northern Europe,,High income,5584000
IS,Iceland,Europe,Northern Europe,,High income,393000
IE,Ireland,Europe,Northern Europe,,High income,5262000
IM,Isle of Man,Europe,Northern Europe,,High income,84000
LV,Latvia,Europe,Northern Europe,,High income,1882000
LT,Lithuania,Europe,Northern Europe,,High income,2872000
NO,Norway,Europe,Northern Europe,,High income,5519000
SJ,Svalbard and Jan Mayen,Europe,Northern Europe,,,2500
SE,Sweden,Europe,Northern Europe,,High income,10536000
GB,United Kingdom,Europe,Northern Europe,,High income,68350000
AL,Albania,Europe,Southern Europe,,Upper middle income,2745000
AD,Andorra,Europe,Southern Europe,,High income,80000
BA,Bosnia and Herzegovina,Europe,Southern Europe,,Upper middle income,3210000
HR,Croatia,Europe,Southern Europe,,High income,3856000
GI,Gibraltar,Europe,Southern Europe,,High income,33000
GR,Greece,Europe,Southern Europe,,High income,10361000
VA,Holy See,Europe,Southern Europe,,,500
IT,Italy,Europe,Southern Europe,,High income,59000000
MT,Malta,Europe,Southern Europe,,High income,536000
ME,Montenegro,Europe,Southern Europe,,Upper middle income,617000
MK,North Macedonia,Europe,Southern Europe,,Upper middle income,1831000
PT,Portugal,Europe,Southern Europe,,High income,10525000
SM,San Marino,Europe,Southern Europe,,High income,34000
RS,Serbia,Europe,Southern Europe,,Upper middle income,6624000
SI,Slovenia,Europe,Southern Europe,,High income,2120000
ES,Spain,Europe,Southern Europe,,High income,48373000
AT,Austria,Europe,Western Europe,,High income,9131000
BE,Belgium,Europe,Western Europe,,High income,11822000
FR,France,Europe,Western Europe,,High income,68170000
DE,Germany,Europe,Western Europe,,High income,83280000
LI,Liechtenstein,Europe,Western Europe,,High income,40000
LU,Luxembourg,Europe,Western Europe,,High income,668000
MC,Monaco,Europe,Western Europe,,High income,39000
NL,Netherlands,Europe,Western Europe,,High income,17877000
CH,Switzerland,Europe,Western Europe,,High income,8849000
AU,Australia,Oceania,Australia and New Zealand,,High income,26639000
CX,Christmas Island,Oceania,Australia and New Zealand,,,1700
CC,Cocos (Keeling) Islands,Oceania,Australia and New Zealand,,,600
HM,Heard Island and McDonald Islands,Oceania,Australia and New Zealand,,,0
NZ,New Zealand,Oceania,Australia and New Zealand,,High income,5224000
NF,Norfolk Island,Oceania,Australia and New Zealand,,,2200
FJ,Fiji,Oceania,Melanesia,,Upper middle income,925000
NC,New Caledonia,Oceania,Melanesia,,High income,292000
PG,Papua New Guinea,Oceania,Melanesia,,Lower middle income,10330000
SB,Solomon Islands,Oceania,Melanesia,,Lower middle income,800000
VU,Vanuatu,Oceania,Melanesia,,Lower middle income,327000
GU,Guam,Oceania,Micronesia,,High income,172000
KI,Kiribati,Oceania,Micronesia,,Lower middle income,133000
MH,Marshall Islands,Oceania,Micronesia,,Upper middle income,42000
FM,"Micronesia, Federated States of",Oceania,Micronesia,,Lower middle income,113000
NR,Nauru,Oceania,Micronesia,,High income,12800
MP,Northern Mariana Islands,Oceania,Micronesia,,High income,50000
PW,Palau,Oceania,Micronesia,,High income,18000
UM,United States Minor Outlying Islands,Oceania,Micronesia,,,0
AS,American Samoa,Oceania,Polynesia,,High income,44000
CK,Cook Islands,Oceania,Polynesia,,,17000
PF,French Polynesia,Oceania,Polynesia,,High income,309000
NU,Niue,Oceania,Polynesia,,,1800
PN,Pitcairn,Oceania,Polynesia,,,50
WS,Samoa,Oceania,Polynesia,,Lower middle income,225000
TK,Tokelau,Oceania,Polynesia,,,2400
TO,Tonga,Oceania,Polynesia,,Upper middle income,105000
TV,Tuvalu,Oceania,Polynesia,,Upper middle income,11000
WF,Wallis and Futuna,Oceania,Polynesia,,,11500
AQ,Antarctica,,,,,0
"""
